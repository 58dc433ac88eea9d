package dev.modelyard.jobs.internal;

import dev.modelyard.jobs.JobStatus;
import dev.modelyard.jobs.RunRecords;
import dev.modelyard.jobs.TrackingSearch;
import dev.modelyard.jobs.TrackingSearch.Kind;
import dev.modelyard.jobs.TrackingSearch.Op;
import dev.modelyard.jobs.TrackingSearch.Order;
import dev.modelyard.jobs.TrackingSearch.Term;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Runs a {@link TrackingSearch} over runs (jobs) or experiments in one query, as MLflow's SQL store does: each
 * metric, param, tag or dataset term is an EXISTS on its table; ordering puts rows that lack the ordered value
 * last, then breaks ties MLflow's way (runs: start_time DESC, then run id; experiments: experiment id). Keys and
 * values are always bound parameters; the query text holds only names chosen here.
 */
@Component
public class RunQueries {

    private final EntityManager em;

    RunQueries(EntityManager em) {
        this.em = em;
    }

    /** Runs of the experiments in the lifecycle stages that match every term, in order, windowed. */
    public List<Job> runs(long workspaceId, Collection<Long> experimentIds, Set<String> stages, TrackingSearch search) {
        Hql q = new Hql();
        q.where.add("j.workspaceId = " + q.bind(workspaceId));
        q.where.add("j.experiment.id in " + q.bind(List.copyOf(experimentIds)));
        q.where.add("j.lifecycleStage in " + q.bind(List.copyOf(stages)));
        int n = 0;
        for (Term t : search.terms()) {
            n++;
            q.where.add(switch (t.kind()) {
                case METRIC -> "exists (select 1 from RunLatestMetric m" + n + " where m" + n + ".jobId = j.id and m" + n
                        + ".key = " + q.bind(t.key()) + " and " + number(q, "m" + n + ".value", t, Double::valueOf) + ")";
                case PARAM -> "exists (select 1 from Job x" + n + " join x" + n + ".params v" + n + " where x" + n
                        + ".id = j.id and key(v" + n + ") = " + q.bind(t.key()) + " and " + text(q, "value(v" + n + ")", t) + ")";
                case TAG -> "exists (select 1 from Job x" + n + " join x" + n + ".runTags v" + n + " where x" + n
                        + ".id = j.id and key(v" + n + ") = " + q.bind(t.key()) + " and " + text(q, "value(v" + n + ")", t) + ")";
                case DATASET -> dataset(q, n, t);
                case ATTRIBUTE -> runAttribute(q, t);
            });
        }
        List<String> order = new ArrayList<>();
        boolean startTime = false;
        int o = 0;
        for (Order by : search.orders()) {
            o++;
            String value = switch (by.kind()) {
                case METRIC -> {
                    q.joins.add("left join RunLatestMetric om" + o + " on om" + o + ".jobId = j.id and om" + o + ".key = " + q.bind(by.key()));
                    yield "om" + o + ".value";
                }
                case PARAM -> {
                    q.joins.add("left join j.params op" + o + " on key(op" + o + ") = " + q.bind(by.key()));
                    yield "value(op" + o + ")";
                }
                case TAG -> {
                    q.joins.add("left join j.runTags op" + o + " on key(op" + o + ") = " + q.bind(by.key()));
                    yield "value(op" + o + ")";
                }
                case ATTRIBUTE -> {
                    startTime |= by.key().equals("start_time");
                    yield runAttributeValue(q, by.key());
                }
                case DATASET -> throw new IllegalArgumentException("runs are not ordered by dataset fields");
            };
            order.add("case when " + value + " is null then 1 else 0 end");
            order.add(value + (by.ascending() ? " asc" : " desc"));
        }
        if (!startTime) {
            order.add("coalesce(j.startedAt, j.createdAt) desc");
        }
        order.add("j.name asc");
        String hql = "select j from Job j " + String.join(" ", q.joins) + " where " + String.join(" and ", q.where)
                + " order by " + String.join(", ", order);
        return q.window(em.createQuery(hql, Job.class), search).getResultList();
    }

    /** Experiments in the lifecycle stages that match every term, in order (MLflow's default: newest first), windowed. */
    public List<Experiment> experiments(long workspaceId, Set<String> stages, TrackingSearch search) {
        Hql q = new Hql();
        q.where.add("e.workspaceId = " + q.bind(workspaceId));
        q.where.add("e.lifecycleStage in " + q.bind(List.copyOf(stages)));
        int n = 0;
        for (Term t : search.terms()) {
            n++;
            q.where.add(switch (t.kind()) {
                case TAG -> "exists (select 1 from Experiment x" + n + " join x" + n + ".tags v" + n + " where x" + n
                        + ".id = e.id and key(v" + n + ") = " + q.bind(t.key()) + " and " + text(q, "value(v" + n + ")", t) + ")";
                case ATTRIBUTE -> switch (t.key()) {
                    case "name" -> text(q, "e.name", t);
                    case "creation_time" -> number(q, "e.createdAt", t, RunQueries::instant);
                    case "last_update_time" -> number(q, "e.updatedAt", t, RunQueries::instant);
                    default -> throw new IllegalArgumentException("experiments have no attribute " + t.key());
                };
                default -> throw new IllegalArgumentException(t.kind() + " does not apply to experiments");
            });
        }
        List<Order> orders = search.orders().isEmpty()
                ? List.of(new Order(Kind.ATTRIBUTE, "creation_time", false), new Order(Kind.ATTRIBUTE, "experiment_id", true))
                : search.orders();
        List<String> order = new ArrayList<>();
        for (Order by : orders) {
            String value = switch (by.key()) {
                case "name" -> "e.name";
                case "experiment_id" -> "e.id";
                case "creation_time" -> "e.createdAt";
                case "last_update_time" -> "e.updatedAt";
                default -> throw new IllegalArgumentException("experiments are not ordered by " + by.key());
            };
            order.add(value + (by.ascending() ? " asc" : " desc"));
        }
        if (orders.stream().noneMatch(by -> by.key().equals("experiment_id"))) {
            // MLflow's SQL store adds experiment_id as a descending tie-break when the caller orders by something else
            order.add("e.id desc");
        }
        String hql = "select e from Experiment e where " + String.join(" and ", q.where) + " order by " + String.join(", ", order);
        return q.window(em.createQuery(hql, Experiment.class), search).getResultList();
    }

    private static String runAttribute(Hql q, Term t) {
        return switch (t.key()) {
            case "run_id" -> text(q, "j.name", t);
            case "run_name" -> text(q, "j.displayName", t);
            case "user_id" -> text(q, "j.createdBy", t);
            case "status" -> status(q, t);
            case "start_time" -> number(q, "coalesce(j.startedAt, j.createdAt)", t, RunQueries::instant);
            case "end_time" -> number(q, "j.endedAt", t, RunQueries::instant);
            default -> throw new IllegalArgumentException("runs have no searchable attribute " + t.key());
        };
    }

    private static String runAttributeValue(Hql q, String key) {
        return switch (key) {
            case "run_id" -> "j.name";
            case "run_name" -> "j.displayName";
            case "user_id" -> "j.createdBy";
            case "experiment_id" -> "j.experiment.id";
            case "start_time" -> "coalesce(j.startedAt, j.createdAt)";
            case "end_time" -> "j.endedAt";
            case "status" -> {
                // ordered by MLflow's status names, as MLflow orders its own status column
                StringBuilder c = new StringBuilder("case");
                for (JobStatus s : JobStatus.values()) {
                    // constants of ours, not user text: literals keep the database from guessing a parameter's type
                    c.append(" when j.status = ").append(JobStatus.class.getName()).append('.').append(s.name())
                            .append(" then '").append(RunRecords.runStatus(s)).append('\'');
                }
                yield c.append(" end").toString();
            }
            default -> throw new IllegalArgumentException("runs are not ordered by " + key);
        };
    }

    /** Status terms compare MLflow's names (RUNNING, FINISHED, …): matched here, then asked of the job's status. */
    private static String status(Hql q, Term t) {
        List<JobStatus> matching = Arrays.stream(JobStatus.values())
                .filter(s -> matches(RunRecords.runStatus(s), t)).toList();
        return matching.isEmpty() ? "1 = 0" : "j.status in " + q.bind(matching);
    }

    private static boolean matches(String value, Term t) {
        String first = t.values().get(0);
        return switch (t.op()) {
            case EQ -> value.equals(first);
            case NE -> !value.equals(first);
            case LIKE -> like(first, false).matcher(value).matches();
            case ILIKE -> like(first, true).matcher(value).matches();
            case IN -> t.values().contains(value);
            case NOT_IN -> !t.values().contains(value);
            default -> throw new IllegalArgumentException(t.op() + " does not apply to status");
        };
    }

    private static java.util.regex.Pattern like(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return java.util.regex.Pattern.compile(regex.toString(), ignoreCase
                ? java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE : 0);
    }

    private static String dataset(Hql q, int n, Term t) {
        String i = "i" + n;
        return switch (t.key()) {
            case "name" -> "exists (select 1 from RunInput " + i + " where " + i + ".jobId = j.id and " + text(q, i + ".name", t) + ")";
            case "digest" -> "exists (select 1 from RunInput " + i + " where " + i + ".jobId = j.id and " + text(q, i + ".digest", t) + ")";
            case "context" -> "exists (select 1 from RunInput " + i + " join " + i + ".tags c" + n + " where " + i
                    + ".jobId = j.id and key(c" + n + ") = " + q.bind(RunRecords.DATASET_CONTEXT_TAG) + " and "
                    + text(q, "value(c" + n + ")", t) + ")";
            default -> throw new IllegalArgumentException("datasets have no field " + t.key());
        };
    }

    private static String text(Hql q, String path, Term t) {
        String first = t.values().get(0);
        return switch (t.op()) {
            case EQ -> path + " = " + q.bind(first);
            case NE -> path + " <> " + q.bind(first);
            case LIKE -> path + " like " + q.bind(first);
            case ILIKE -> "lower(" + path + ") like " + q.bind(first.toLowerCase(java.util.Locale.ROOT));
            case IN -> path + " in " + q.bind(t.values());
            case NOT_IN -> path + " not in " + q.bind(t.values());
            default -> throw new IllegalArgumentException(t.op() + " does not apply to text");
        };
    }

    private static String number(Hql q, String path, Term t, java.util.function.Function<String, Object> parse) {
        Object v = parse.apply(t.values().get(0));
        String op = switch (t.op()) {
            case EQ -> " = ";
            case NE -> " <> ";
            case LT -> " < ";
            case LE -> " <= ";
            case GT -> " > ";
            case GE -> " >= ";
            default -> throw new IllegalArgumentException(t.op() + " does not apply to numbers");
        };
        return path + op + q.bind(v);
    }

    /** A time given in ms since the epoch (MLflow sends integers; a decimal is cut to the millisecond). */
    private static Object instant(String ms) {
        return Instant.ofEpochMilli((long) Double.parseDouble(ms));
    }

    /** Query text and its bound parameters. */
    private static final class Hql {
        final List<String> joins = new ArrayList<>();
        final List<String> where = new ArrayList<>();
        final Map<String, Object> params = new HashMap<>();

        String bind(Object value) {
            String name = "p" + params.size();
            params.put(name, value);
            return ":" + name;
        }

        <T> TypedQuery<T> window(TypedQuery<T> query, TrackingSearch search) {
            params.forEach(query::setParameter);
            return query.setFirstResult(search.offset()).setMaxResults(search.limit());
        }
    }
}
