package dev.modelyard.workspaces;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Binds the workspace of every Spring MVC request (REST v1, MLflow, Azure ML surfaces) before its handler reads a
 * byte of the body: the path's {@code {workspace}} variable after a membership check (not a member: 404, exactly as
 * if it did not exist), or {@code default} for the paths without one, whose services then check membership
 * themselves. Streamed responses (logs, downloads) run on other threads: the binding follows them there.
 */
@Configuration
class WorkspaceWebBinding implements WebMvcConfigurer, AsyncHandlerInterceptor, CallableProcessingInterceptor {

    /** The URI template variable that names the workspace in every per-workspace route. */
    static final String VARIABLE = "workspace";
    private static final String ATTRIBUTE = WorkspaceWebBinding.class.getName() + ".workspace";

    private final WorkspaceService workspaces;
    private final WorkspaceAccess access;

    WorkspaceWebBinding(WorkspaceService workspaces, WorkspaceAccess access) {
        this.workspaces = workspaces;
        this.access = access;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
        configurer.registerCallableInterceptors(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String named = variables == null ? null : variables.get(VARIABLE);
        WorkspaceRef workspace = named == null ? WorkspaceRef.DEFAULT : workspaces.resolve(named);
        request.setAttribute(ATTRIBUTE, workspace);
        CurrentWorkspace.bind(workspace);
        if (handler instanceof HandlerMethod method) {
            RequiresWorkspaceRole needs = method.getMethodAnnotation(RequiresWorkspaceRole.class);
            if (needs != null) {
                access.require(needs.value());
            }
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        CurrentWorkspace.clear();
    }

    @Override
    public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response, Object handler) {
        CurrentWorkspace.clear();
    }

    @Override
    public <T> void preProcess(NativeWebRequest request, Callable<T> task) {
        Object workspace = request.getAttribute(ATTRIBUTE, NativeWebRequest.SCOPE_REQUEST);
        if (workspace instanceof WorkspaceRef ref) {
            CurrentWorkspace.bind(ref);
        }
    }

    @Override
    public <T> void postProcess(NativeWebRequest request, Callable<T> task, Object concurrentResult) {
        CurrentWorkspace.clear();
    }
}
