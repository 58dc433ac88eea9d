package dev.modelyard.azureml;

import dev.modelyard.base.ConflictException;
import dev.modelyard.base.InvalidInputException;
import dev.modelyard.base.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The subset of Azure Blob storage the Azure ML SDK uploads code through, path style
 * ({@code /azuremlblob/<container>/<blob>}) on Modelyard's own port: Get/Head Blob, Put Blob (also with
 * {@code If-None-Match: *}), Set Blob Metadata, Put Block / Put Block List, List Blobs. Every request is signed
 * (SharedKey with the workspace's key, or the SAS a code upload was handed); answers are Azure's, errors its XML.
 */
@RestController
class BlobController {

    static final String ROOT = "/" + BlobService.ACCOUNT;
    private static final Logger log = LoggerFactory.getLogger(BlobController.class);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final int MAX_BLOCK_LIST_BYTES = 8 * 1024 * 1024;

    private final BlobService blobs;
    private final SignedLinks links;
    private final Clock clock;

    BlobController(BlobService blobs, SignedLinks links, Clock clock) {
        this.blobs = blobs;
        this.links = links;
        this.clock = clock;
    }

    /** Where a request points: its container's workspace and the blob path (empty for container operations). */
    record Target(long workspaceId, String container, String path) {
    }

    @RequestMapping(path = {ROOT + "/{container}", ROOT + "/{container}/**"},
            method = {RequestMethod.GET, RequestMethod.HEAD, RequestMethod.PUT})
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("x-ms-request-id", UUID.randomUUID().toString());
        response.setHeader("x-ms-version", "2021-08-06");
        response.setHeader("Date", HTTP_DATE.format(clock.instant()));
        try {
            Target target = target(request);
            authenticate(request, target);
            dispatch(request, response, target);
        } catch (Refused e) {
            error(request, response, e.status, e.code, e.getMessage());
        } catch (InvalidInputException e) {
            error(request, response, 400, e.getMessage().startsWith("The specified block list") ? "InvalidBlockList"
                    : "InvalidInput", e.getMessage());
        } catch (NotFoundException e) {
            error(request, response, 404, "BlobNotFound", "The specified blob does not exist.");
        } catch (ConflictException e) {
            error(request, response, 409, "BlobAlreadyExists", "The specified blob already exists.");
        } catch (RuntimeException e) {
            log.error("Blob request failed", e);
            error(request, response, 500, "InternalError", "The server encountered an internal error.");
        }
    }

    private void dispatch(HttpServletRequest request, HttpServletResponse response, Target t) throws IOException {
        String comp = request.getParameter("comp");
        String method = request.getMethod();
        if (t.path().isEmpty()) {
            if (method.equals("GET") && "list".equals(comp) && "container".equals(request.getParameter("restype"))) {
                list(request, response, t);
                return;
            }
            if ("container".equals(request.getParameter("restype")) && (method.equals("GET") || method.equals("HEAD"))) {
                response.setHeader("ETag", "\"0x1\"");
                response.setHeader("Last-Modified", HTTP_DATE.format(Instant.EPOCH));
                response.setStatus(200);
                return;
            }
            throw new Refused(400, "UnsupportedHttpVerb", "This server supports only List Blobs on a container.");
        }
        String path = BlobService.checkedPath(t.path());
        switch (method) {
            case "HEAD", "GET" -> {
                if (comp != null) {
                    throw new Refused(400, "UnsupportedQueryParameter", "comp=" + comp + " is not supported here.");
                }
                read(request, response, blobs.require(t.workspaceId(), t.container(), path), method.equals("GET"));
            }
            case "PUT" -> {
                if (comp == null) {
                    String type = request.getHeader("x-ms-blob-type");
                    if (type != null && !type.equals("BlockBlob")) {
                        throw new Refused(400, "InvalidHeaderValue", "Only block blobs are supported.");
                    }
                    try (InputStream body = request.getInputStream()) {
                        written(response, blobs.put(t.workspaceId(), t.container(), path, body,
                                request.getHeader("x-ms-blob-content-type"), metadata(request), onlyIfAbsent(request)), 201);
                    }
                } else if (comp.equals("metadata")) {
                    written(response, blobs.setMetadata(t.workspaceId(), t.container(), path, metadata(request)), 200);
                } else if (comp.equals("block")) {
                    try (InputStream body = request.getInputStream()) {
                        blobs.putBlock(t.workspaceId(), t.container(), path, request.getParameter("blockid"), body);
                    }
                    response.setHeader("x-ms-request-server-encrypted", "true");
                    response.setStatus(201);
                } else if (comp.equals("blocklist")) {
                    written(response, blobs.putBlockList(t.workspaceId(), t.container(), path, blockIds(request),
                            request.getHeader("x-ms-blob-content-type"), metadata(request), onlyIfAbsent(request)), 201);
                } else {
                    throw new Refused(400, "UnsupportedQueryParameter", "comp=" + comp + " is not supported here.");
                }
            }
            default -> throw new Refused(405, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.");
        }
    }

    private Target target(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String rest = uri.substring(ROOT.length() + 1);
        int slash = rest.indexOf('/');
        String container = slash < 0 ? rest : rest.substring(0, slash);
        long workspace = BlobService.workspaceOf(container)
                .orElseThrow(() -> new Refused(404, "ContainerNotFound", "The specified container does not exist."));
        String path = slash < 0 ? "" : UriUtils.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
        return new Target(workspace, container, path);
    }

    /** SharedKey with the workspace's key, or a SAS of this server for a folder the path lies in; else 403. */
    private void authenticate(HttpServletRequest request, Target t) {
        String key = blobs.existingKey(t.workspaceId()).orElse(null);
        if (request.getHeader("Authorization") == null && request.getParameter("sig") != null) {
            String folder = folderOf(t.path());
            if (key != null && folder != null && links.validSas(t.workspaceId(), t.container(), folder,
                    request.getParameter("se"), request.getParameter("sig"), clock.instant())) {
                return;
            }
            throw new Refused(403, "AuthenticationFailed", "Server failed to authenticate the request: the SAS is "
                    + "invalid, expired or for another folder.");
        }
        String refusal = key == null ? "Server failed to authenticate the request: this container has no key yet."
                : SharedKey.refusal(request, BlobService.ACCOUNT, key, clock.instant());
        if (refusal != null) {
            throw new Refused(403, "AuthenticationFailed", refusal);
        }
    }

    /** A SAS is for LocalUpload/<id>: the first two segments of the path. */
    private static String folderOf(String path) {
        String[] parts = path.split("/", 3);
        return parts.length < 3 ? null : parts[0] + "/" + parts[1];
    }

    private static boolean onlyIfAbsent(HttpServletRequest request) {
        String ifNoneMatch = request.getHeader("If-None-Match");
        return ifNoneMatch != null && ifNoneMatch.strip().equals("*");
    }

    private static Map<String, String> metadata(HttpServletRequest request) {
        Map<String, String> out = new TreeMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-ms-meta-")) {
                out.put(lower.substring("x-ms-meta-".length()), request.getHeader(name));
            }
        }
        return out;
    }

    private void read(HttpServletRequest request, HttpServletResponse response, BlobInfo blob, boolean body) throws IOException {
        headers(response, blob);
        response.setHeader("Accept-Ranges", "bytes");
        response.setContentType(blob.contentType() == null ? "application/octet-stream" : blob.contentType());
        long offset = 0;
        long length = blob.size();
        String range = request.getHeader("x-ms-range") != null ? request.getHeader("x-ms-range") : request.getHeader("Range");
        if (range != null && body) {
            Matcher m = RANGE.matcher(range.strip());
            if (!m.matches() || Long.parseLong(m.group(1)) >= Math.max(1, blob.size())) {
                throw new Refused(416, "InvalidRange", "The range specified is invalid for the current size of the resource.");
            }
            offset = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? blob.size() - 1 : Math.min(Long.parseLong(m.group(2)), blob.size() - 1);
            length = end - offset + 1;
            response.setStatus(206);
            response.setHeader("Content-Range", "bytes " + offset + "-" + end + "/" + blob.size());
        } else {
            response.setStatus(200);
        }
        response.setContentLengthLong(length);
        if (!body) {
            return;
        }
        try (InputStream in = blobs.open(blob); OutputStream out = response.getOutputStream()) {
            in.skipNBytes(offset);
            long left = length;
            byte[] buffer = new byte[64 * 1024];
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    private void written(HttpServletResponse response, BlobInfo blob, int status) {
        response.setHeader("ETag", blob.etag());
        response.setHeader("Last-Modified", HTTP_DATE.format(blob.lastModified()));
        if (blob.contentMd5() != null) {
            response.setHeader("Content-MD5", blob.contentMd5());
        }
        response.setHeader("x-ms-request-server-encrypted", "true");
        response.setStatus(status);
    }

    private static void headers(HttpServletResponse response, BlobInfo blob) {
        response.setHeader("ETag", blob.etag());
        response.setHeader("Last-Modified", HTTP_DATE.format(blob.lastModified()));
        response.setHeader("x-ms-creation-time", HTTP_DATE.format(blob.createdAt()));
        response.setHeader("x-ms-blob-type", "BlockBlob");
        response.setHeader("x-ms-lease-state", "available");
        response.setHeader("x-ms-lease-status", "unlocked");
        response.setHeader("x-ms-server-encrypted", "true");
        if (blob.contentMd5() != null) {
            response.setHeader("Content-MD5", blob.contentMd5());
        }
        blob.metadata().forEach((k, v) -> response.setHeader("x-ms-meta-" + k, v));
    }

    private void list(HttpServletRequest request, HttpServletResponse response, Target t) throws IOException {
        String prefix = request.getParameter("prefix") == null ? "" : request.getParameter("prefix");
        boolean withMetadata = request.getParameter("include") != null && request.getParameter("include").contains("metadata");
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"")
                .append(xml(ROOT + "/")).append("\" ContainerName=\"").append(xml(t.container())).append("\"><Prefix>")
                .append(xml(prefix)).append("</Prefix><Blobs>");
        for (BlobInfo b : blobs.list(t.workspaceId(), t.container(), prefix)) {
            xml.append("<Blob><Name>").append(xml(b.path())).append("</Name><Properties><Creation-Time>")
                    .append(HTTP_DATE.format(b.createdAt())).append("</Creation-Time><Last-Modified>")
                    .append(HTTP_DATE.format(b.lastModified())).append("</Last-Modified><Etag>").append(xml(b.etag()))
                    .append("</Etag><Content-Length>").append(b.size()).append("</Content-Length><Content-Type>")
                    .append(xml(b.contentType() == null ? "application/octet-stream" : b.contentType()))
                    .append("</Content-Type><Content-MD5>").append(xml(b.contentMd5() == null ? "" : b.contentMd5()))
                    .append("</Content-MD5><BlobType>BlockBlob</BlobType><LeaseStatus>unlocked</LeaseStatus>"
                            + "<LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted></Properties>");
            if (withMetadata) {
                xml.append("<Metadata>");
                b.metadata().forEach((k, v) -> xml.append('<').append(k).append('>').append(xml(v)).append("</").append(k).append('>'));
                xml.append("</Metadata>");
            }
            xml.append("</Blob>");
        }
        xml.append("</Blobs><NextMarker /></EnumerationResults>");
        byte[] bytes = xml.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("application/xml");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The ids of a Put Block List body, in order; a parser with no DTDs or external entities. */
    private static List<String> blockIds(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BLOCK_LIST_BYTES + 1);
        if (body.length > MAX_BLOCK_LIST_BYTES) {
            throw new InvalidInputException("blocklist", "The specified block list is invalid: it is too long.");
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            Element root = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(body)).getDocumentElement();
            List<String> ids = new ArrayList<>();
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    ids.add(e.getTextContent().strip());
                }
            }
            return ids;
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new InvalidInputException("blocklist", "The specified block list is invalid: it is not XML.");
        }
    }

    private static void error(HttpServletRequest request, HttpServletResponse response, int status, String code,
                              String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader("x-ms-error-code", code);
        if (request.getMethod().equals("HEAD")) {
            return;
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + xml(code) + "</Code><Message>"
                + xml(message) + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/xml");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A refusal with Azure's status and error code. */
    static final class Refused extends RuntimeException {
        final int status;
        final String code;

        Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
