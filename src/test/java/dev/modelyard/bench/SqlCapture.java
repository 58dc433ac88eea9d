package dev.modelyard.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Records the SQL (with bind values) that one call on this thread sends to the database, so the benchmark can
 * ask the database to EXPLAIN ANALYZE exactly the statements the service ran. Outside {@link #record} the data
 * source hands out its connections untouched, so nothing else is slowed down.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SqlCapture {

    /** One executed statement: its SQL and its bind values by position (a null value is {@link #NULL}). */
    public record Statement(String sql, Map<Integer, Object> parameters) {
    }

    static final Object NULL = new Object();
    private static final ThreadLocal<List<Statement>> RECORDING = new ThreadLocal<>();

    @Bean
    static BeanPostProcessor sqlCaptureDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource ds && !Proxy.isProxyClass(bean.getClass())) {
                    return Proxy.newProxyInstance(SqlCapture.class.getClassLoader(), new Class<?>[]{DataSource.class},
                            (proxy, method, args) -> {
                                Object result = invoke(ds, method, args);
                                List<Statement> sink = RECORDING.get();
                                return sink != null && result instanceof Connection c ? connection(c, sink) : result;
                            });
                }
                return bean;
            }
        };
    }

    /** Runs {@code call} and returns what it returned together with the statements it executed. */
    static <T> Recorded<T> record(Supplier<T> call) {
        List<Statement> statements = new ArrayList<>();
        RECORDING.set(statements);
        try {
            return new Recorded<>(call.get(), statements);
        } finally {
            RECORDING.remove();
        }
    }

    record Recorded<T>(T result, List<Statement> statements) {
    }

    private static Connection connection(Connection target, List<Statement> sink) {
        return (Connection) Proxy.newProxyInstance(SqlCapture.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (method.getName().equals("prepareStatement") && result instanceof PreparedStatement ps) {
                        return statement(ps, (String) args[0], sink);
                    }
                    return result;
                });
    }

    private static PreparedStatement statement(PreparedStatement target, String sql, List<Statement> sink) {
        Map<Integer, Object> parameters = new TreeMap<>();
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                parameters.put(index, name.equals("setNull") || args[1] == null ? NULL : args[1]);
            } else if (name.equals("clearParameters")) {
                parameters.clear();
            } else if (name.startsWith("execute")) {
                sink.add(new Statement(sql, new TreeMap<>(parameters)));
            }
            return invoke(target, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(SqlCapture.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
