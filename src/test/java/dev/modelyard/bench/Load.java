package dev.modelyard.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Closed-loop load: N threads, each calling again as soon as its previous call returned. */
final class Load {

    /** One call of thread {@code thread}, its {@code index}-th. */
    @FunctionalInterface
    interface Call {
        void run(int thread, int index) throws Exception;
    }

    /** Latencies in ms of the calls that both started and ended inside the measured window. */
    record Result(List<Double> latencies, double seconds, int errors, Throwable firstError) {
        double perSecond() {
            return latencies.size() / seconds;
        }

        double p(double percentile) {
            return Stats.percentile(latencies, percentile);
        }
    }

    private Load() {
    }

    /** Warms up for {@code warmupSeconds}, then measures for {@code seconds}. */
    static Result forDuration(int threads, double warmupSeconds, double seconds, Call call) throws Exception {
        long begin = System.nanoTime() + (long) (warmupSeconds * 1e9);
        long end = begin + (long) (seconds * 1e9);
        return run(threads, call, begin, end, Integer.MAX_VALUE);
    }

    /** Every thread makes exactly {@code perThread} calls, all starting together; the window is the whole run. */
    static Result fixed(int threads, int perThread, Call call) throws Exception {
        return run(threads, call, Long.MIN_VALUE, Long.MAX_VALUE, perThread);
    }

    private static Result run(int threads, Call call, long begin, long end, int perThread) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier ready = new CyclicBarrier(threads);
        CountDownLatch done = new CountDownLatch(threads);
        long[] firstStart = {Long.MAX_VALUE};
        long[] lastEnd = {Long.MIN_VALUE};
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    try {
                        ready.await();
                        for (int i = 0; i < perThread; i++) {
                            long start = System.nanoTime();
                            if (start > end) {
                                break;
                            }
                            try {
                                call.run(thread, i);
                            } catch (Exception | AssertionError e) {
                                errors.add(e);
                                continue;
                            }
                            long stop = System.nanoTime();
                            if (start >= begin && stop <= end) {
                                latencies.add((stop - start) / 1e6);
                                synchronized (firstStart) {
                                    firstStart[0] = Math.min(firstStart[0], start);
                                    lastEnd[0] = Math.max(lastEnd[0], stop);
                                }
                            }
                        }
                    } catch (Exception e) {
                        errors.add(e);
                    } finally {
                        done.countDown();
                    }
                    return null;
                }));
            }
            done.await();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        double seconds = begin == Long.MIN_VALUE ? (lastEnd[0] - firstStart[0]) / 1e9 : (end - begin) / 1e9;
        return new Result(latencies, seconds, errors.size(), errors.isEmpty() ? null : errors.get(0));
    }
}
