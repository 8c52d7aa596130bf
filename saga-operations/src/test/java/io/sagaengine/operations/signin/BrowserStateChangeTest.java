package io.sagaengine.operations.signin;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserStateChangeTest {

    private final BrowserStateChange matcher = new BrowserStateChange();

    @Test
    void aStateChangeOfTheAdminApiOrTheConsoleFromABrowserNeedsTheToken() {
        assertThat(matcher.matches(post("/admin/sagas/x/resume", "Cookie", "JSESSIONID=1"))).isTrue();
        assertThat(matcher.matches(post("/admin/sagas/x/resume", "Origin", "http://elsewhere.example"))).isTrue();
        assertThat(matcher.matches(post("/admin/dead-letters/t/redrive", "Sec-Fetch-Site", "cross-site"))).isTrue();
        assertThat(matcher.matches(post("/console/logout", "Sec-Fetch-Mode", "cors"))).isTrue();
        assertThat(matcher.matches(post("/console/login", "Origin", "http://localhost:8080"))).isTrue();
    }

    @Test
    void readsScriptsWithoutCookiesBearerTokensAndOtherApisNeedNone() {
        MockHttpServletRequest read = post("/admin/sagas", "Cookie", "JSESSIONID=1");
        read.setMethod("GET");
        assertThat(matcher.matches(read)).isFalse();
        assertThat(matcher.matches(post("/admin/sagas/x/resume", "Authorization", "Basic c2FtOnB3"))).isFalse();
        MockHttpServletRequest bearer = post("/admin/sagas/x/resume", "Cookie", "JSESSIONID=1");
        bearer.addHeader("Authorization", "Bearer abc.def");
        assertThat(matcher.matches(bearer)).isFalse();
        assertThat(matcher.matches(post("/orders", "Origin", "https://shop.example"))).as("the order API is open")
                .isFalse();
        assertThat(matcher.matches(post("/administrator", "Cookie", "JSESSIONID=1"))).isFalse();
    }

    private static MockHttpServletRequest post(String path, String header, String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.addHeader(header, value);
        return request;
    }
}
