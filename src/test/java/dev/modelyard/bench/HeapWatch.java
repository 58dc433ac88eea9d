package dev.modelyard.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap of this JVM while something runs. Two peaks, because used heap alone mostly measures the collector's
 * patience: {@link #peakSampled} is the highest used heap seen by a 10 ms sampler (live data plus garbage not
 * yet collected); {@link #peakAfterGc} is the highest heap occupancy right after any collection during the run,
 * reported by the JVM's GC notifications — an upper bound of what was actually retained, since old-generation
 * garbage only leaves at the next mixed or full collection. Before and after are measured after System.gc().
 */
final class HeapWatch implements AutoCloseable {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final AtomicLong peakSampled = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private final Thread sampler;
    private final long before;
    private volatile boolean running = true;
    private long after = -1;

    private HeapWatch() {
        before = settledUsed();
        peakSampled.set(before);
        peakAfterGc.set(before);
        NotificationListener listener = this::onGc;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (Exception ignored) {
                        // already gone
                    }
                });
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                peakSampled.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Collects garbage, notes the settled heap, and starts watching. */
    static HeapWatch start() {
        return new HeapWatch();
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (!running) {
            return;
        }
        long used = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        collections.incrementAndGet();
        peakAfterGc.accumulateAndGet(used, Math::max);
    }

    /** Stops watching and measures the settled heap once more. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        sampler.interrupt();
        unsubscribe.forEach(Runnable::run);
        after = settledUsed();
    }

    long before() {
        return before;
    }

    long after() {
        return after;
    }

    long peakSampled() {
        return peakSampled.get();
    }

    long peakAfterGc() {
        return peakAfterGc.get();
    }

    long collections() {
        return collections.get();
    }

    /** Growth of retained heap: the highest after-collection occupancy above the settled start. */
    long retainedGrowth() {
        return Math.max(0, peakAfterGc.get() - before);
    }

    /** Used heap after a few full collections, once it stops shrinking. */
    static long settledUsed() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = heapUsed();
            if (now >= used - BenchConfig.MB) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    static long heapUsed() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }
}
