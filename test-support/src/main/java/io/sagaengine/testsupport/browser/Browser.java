package io.sagaengine.testsupport.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver), driven over WebDriver, with a fresh profile and
 * nothing that reaches the network on its own; for the support console's browser tests (the module that uses it
 * depends on {@code selenium-chrome-driver} itself).
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    private Browser(ChromeDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    /** Fails, never skips, when the browser is not installed. */
    public static Browser open(int port) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("The console's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver (.ci/run installs them when missing)");
        }
        Path profile = Files.createTempDirectory("console-browser-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1300", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Browser(driver, profile, "http://localhost:" + port);
    }

    public void go(String path) {
        driver.get(base + path);
    }

    /** Signs in through the console's login page and waits for the overview. */
    public void signIn(String user, String password) {
        driver.manage().deleteAllCookies();
        go("/console/");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> driver.getCurrentUrl().endsWith("/console/login")
                && !driver.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> text(By.id("whoami")).startsWith(user + " "));
    }

    public WebElement waitFor(By by) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> !driver.findElements(by).isEmpty());
        return driver.findElement(by);
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    public String text(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    /**
     * Runs {@code fetch} inside the page (same origin, the session cookie attached by the browser) and answers the
     * status code.
     */
    public long fetchStatus(String method, String path, Map<String, String> headers, String body) {
        Object status = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[1], { method: arguments[0], headers: arguments[2], body: arguments[3],
                                      credentials: 'same-origin' })
                  .then(r => done(r.status), e => done(-1));""", method, path, headers, body);
        return ((Number) status).longValue();
    }

    public String cookie(String name) {
        var cookie = driver.manage().getCookieNamed(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** The whole page: the window grows to the page's height first. */
    public void screenshot(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Number height = (Number) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, Math.min(6000, height.intValue() + 40)));
        Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
