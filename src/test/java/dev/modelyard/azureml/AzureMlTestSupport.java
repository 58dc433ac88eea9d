package dev.modelyard.azureml;

import dev.modelyard.TestDataDirectory;
import dev.modelyard.TestUsers;
import dev.modelyard.jobs.ComputeTargetService;
import dev.modelyard.jobs.CreateComputeTargetCommand;
import dev.modelyard.security.AppRole;
import dev.modelyard.security.CreateTokenCommand;
import dev.modelyard.security.TokenService;
import dev.modelyard.security.UserService;
import dev.modelyard.workspaces.CreateWorkspaceCommand;
import dev.modelyard.workspaces.CurrentWorkspace;
import dev.modelyard.workspaces.WorkspaceRef;
import dev.modelyard.workspaces.WorkspaceService;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A workspace with a contributor's token and an aml-cluster target, and an HTTPS client trusting the server's CA. */
final class AzureMlTestSupport {

    private AzureMlTestSupport() {
    }

    /** The CA the self-signed mode made in the test data directory. */
    static Path ca() {
        return TestDataDirectory.ROOT.resolve("tls").resolve("ca.pem");
    }

    static HttpClient client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca())) {
            trust.setCertificateEntry("modelyard", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    /** A new workspace where the test contributor is CONTRIBUTOR, with compute aml-cluster; returns its ref. */
    static WorkspaceRef workspace(String name, WorkspaceService workspaces, UserService users, ComputeTargetService computes) {
        TestUsers.ensureCreated(users);
        WorkspaceRef[] ref = new WorkspaceRef[1];
        TestUsers.runAs("admin", AppRole.ADMIN, () -> {
            workspaces.create(new CreateWorkspaceCommand(name, name, "Azure ML SDK tests"));
            ref[0] = workspaces.resolve(name);
            CurrentWorkspace.runIn(ref[0], () -> {
                workspaces.setMember(TestUsers.CONTRIBUTOR, AppRole.CONTRIBUTOR);
                workspaces.setMember(TestUsers.READER, AppRole.READER);
                computes.create(new CreateComputeTargetCommand("aml-cluster", "local", 2, null, null, null));
            });
        });
        return ref[0];
    }

    /** A token of {@code user} limited to {@code workspace}. */
    static String token(TokenService tokens, String user, AppRole role, String workspace) {
        String[] token = new String[1];
        TestUsers.runAs(user, role, () -> token[0] = tokens.create(new CreateTokenCommand("sdk-" + System.nanoTime(), 1,
                workspace, null)).token());
        return token[0];
    }
}
