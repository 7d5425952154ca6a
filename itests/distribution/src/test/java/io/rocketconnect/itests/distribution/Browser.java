package io.rocketconnect.itests.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, through Debian's chromedriver (never a downloaded one), logged in to the
 * web console with HTTP Basic: the first page is opened with the user in the URL, which puts the login
 * into the browser's cache; every later page and API call of the console goes without it.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PAGE = "/system/console/rocketmq";

    private final ChromeDriver driver;
    private final String base;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** Fails, not skips: the browser tests are part of every build (.ci/run installs the packages). */
    static void requireInstalled() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("The web console tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        }
    }

    static Browser open(String base, String user, String password) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        Browser browser = new Browser(new ChromeDriver(service, options), base);
        browser.driver.get(base.replace("://", "://" + user + ":" + password + "@") + PAGE);
        browser.driver.get(base + PAGE);
        return browser;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Goes to a view of the page by its hash, e.g. {@code #adapter/demo}. */
    void go(String hash) {
        driver.executeScript("location.hash = arguments[0];", hash);
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    /** Waits until {@code by} is on the page with {@code text} in it. */
    WebElement await(By by, String text) {
        AtomicReference<String> seen = new AtomicReference<>();
        try {
            return Awaitility.await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
                WebElement element = driver.findElement(by);
                seen.set(element.getText());
                return element.getText().contains(text) ? element : null;
            }, found -> found != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            screenshot("failed-" + System.nanoTime());
            throw new AssertionError(by + " never showed '" + text + "'; last text: " + seen.get() + "\npage: "
                    + driver.findElement(By.id("rocketmq")).getText(), e);
        }
    }

    void click(By by) {
        Awaitility.await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            driver.findElement(by).click();
            return true;
        });
    }

    /** Types {@code value} into the page's field named {@code name}, after clearing it. */
    void type(String name, String value) {
        WebElement field = Awaitility.await().atMost(TIMEOUT).ignoreExceptions()
                .until(() -> driver.findElement(By.cssSelector("#rocketmq [name='" + name + "']")), found -> found != null);
        field.clear();
        field.sendKeys(value);
    }

    /** Saves the window as target/screenshots/{@code name}.png. */
    void screenshot(String name) {
        try {
            Path directory = Path.of("target", "screenshots");
            Files.createDirectories(directory);
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), directory.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
