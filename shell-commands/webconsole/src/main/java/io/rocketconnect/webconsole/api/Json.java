package io.rocketconnect.webconsole.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * JSON in and out of the API, with Jackson: records as objects, instants as ISO-8601 text, durations as
 * ISO-8601 durations. Request bodies are JSON objects of at most {@value #MAX_BODY_BYTES} bytes.
 */
public final class Json {

    static final int MAX_BODY_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("rocketconnect-time")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(Duration.class, ToStringSerializer.instance))
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).build());
    }

    private Json() {
    }

    public static void write(OutputStream out, Object value) throws IOException {
        MAPPER.writeValue(out, value);
    }

    public static String text(Object value) throws IOException {
        return MAPPER.writeValueAsString(value);
    }

    /** The body as a JSON object; a clear 400 when it is missing, too large or not an object. */
    public static Map<String, Object> object(InputStream body, int declaredLength) {
        if (declaredLength > MAX_BODY_BYTES) {
            throw ApiException.badRequest("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw ApiException.badRequest("request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            if (bytes.length == 0) {
                throw ApiException.badRequest("request body missing: a JSON object is expected");
            }
            Map<String, Object> object = MAPPER.readValue(bytes, new TypeReference<Map<String, Object>>() { });
            if (object == null) {
                throw ApiException.badRequest("request body is null: a JSON object is expected");
            }
            return object;
        } catch (ApiException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not a JSON object: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("request body could not be read: " + e.getMessage());
        }
    }
}
