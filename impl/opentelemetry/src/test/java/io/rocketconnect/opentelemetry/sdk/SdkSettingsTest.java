package io.rocketconnect.opentelemetry.sdk;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;

import java.util.Map;

import org.junit.Test;
import org.slf4j.MDC;

import io.rocketconnect.api.RequestIds;
import io.rocketconnect.api.RocketmqAPI;

/** etc/io.rocketconnect.opentelemetry.cfg read and checked, and trace ids taken from the requestId. */
public class SdkSettingsTest {

    @Test
    public void defaultsNeedNoConfiguration() {
        SdkSettings settings = SdkSettings.from(Map.of());
        assertEquals("", settings.endpoint());
        assertEquals("parentbased_always_on", settings.sampler());
        assertEquals("rocketconnect", settings.serviceName());
    }

    @Test
    public void everyBadValueIsNamedWithItsRuleAndHeadersAreNeverShown() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SdkSettings.from(Map.of(
                "otlp.endpoint", "collector:4318", "sampler", "sometimes", "sampler.ratio", "1.5",
                "metrics.exportIntervalSeconds", "0", ".otlp.headers", "x-api-key", "resource.attributes", "env")));
        assertThat(bad.getMessage(), containsString("otlp.endpoint 'collector:4318' is not an http:// or https:// URL"));
        assertThat(bad.getMessage(), containsString("sampler 'sometimes' is not one of"));
        assertThat(bad.getMessage(), containsString("sampler.ratio '1.5' is not a number from 0 to 1"));
        assertThat(bad.getMessage(), containsString("metrics.exportIntervalSeconds '0' is not a number from 1 to 3600"));
        assertThat(bad.getMessage(), containsString(".otlp.headers: '=…' is not name=value"));
        assertThat(bad.getMessage(), containsString("resource.attributes: 'env' is not name=value"));

        SdkSettings good = SdkSettings.from(Map.of(".otlp.headers", "x-api-key=s3cr3t-value"));
        assertThat(good.toString(), not(containsString("s3cr3t-value")));
    }

    @Test
    public void aNewTraceTakesTheCallersRequestIdAsItsId() {
        RequestIdTraceIds ids = new RequestIdTraceIds();
        String requestId = RequestIds.newId();
        MDC.put(RocketmqAPI.REQUEST_ID, requestId);
        try {
            assertEquals(requestId, ids.generateTraceId());
            MDC.put(RocketmqAPI.REQUEST_ID, "not-a-trace-id");
            assertNotEquals("not-a-trace-id", ids.generateTraceId());
        } finally {
            MDC.remove(RocketmqAPI.REQUEST_ID);
        }
        assertEquals(32, ids.generateTraceId().length());
    }
}
