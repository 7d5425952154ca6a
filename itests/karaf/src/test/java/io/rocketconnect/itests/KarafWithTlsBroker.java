package io.rocketconnect.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;

import io.rocketconnect.testbroker.EmbeddedRocketmq;
import io.rocketconnect.testbroker.TestCertificates;

/**
 * The Karaf of {@link KarafWithBroker}, plus a second broker in the test JVM that takes TLS only, its
 * certificate signed by a CA made here. Karaf trusts that CA as an operator sets it up, in
 * etc/system.properties; etc/io.rocketconnect.adapter-secure.cfg points an adapter with useTLS at it,
 * and -plain.cfg one without.
 */
final class KarafWithTlsBroker {

    static final String TOPIC = "ConnectorItTls";

    /** Made once per JVM, with the broker whose certificate it signed. */
    private static TestCertificates authority;
    private static EmbeddedRocketmq tlsBroker;

    private KarafWithTlsBroker() {
    }

    static synchronized Option[] options() {
        Path directory = Path.of(System.getProperty("itest.directory")).resolve("itest-tls");
        if (tlsBroker == null) {
            try {
                authority = TestCertificates.authority("itest-ca", Files.createDirectories(directory));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            tlsBroker = EmbeddedRocketmq.startWithTls(authority.issueServer("itest-broker"));
            Runtime.getRuntime().addShutdownHook(new Thread(tlsBroker::close, "tls-test-broker-shutdown"));
            tlsBroker.createTopic(TOPIC, 1);
        }
        Path secure = directory.resolve("io.rocketconnect.adapter-secure.cfg");
        Path plain = directory.resolve("io.rocketconnect.adapter-plain.cfg");
        try {
            Files.writeString(secure, "namesrvAddr = " + tlsBroker.namesrvAddr() + "\nuseTLS = true\n");
            Files.writeString(plain, "namesrvAddr = " + tlsBroker.namesrvAddr() + "\nsendMsgTimeout = 2000\n"
                    + "retryTimesWhenSendFailed = 0\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Option> options = new ArrayList<>(List.of(KarafWithBroker.options()));
        String systemProperties = "etc/system.properties";
        options.add(editConfigurationFilePut(systemProperties, "tls.test.mode.enable", "false"));
        options.add(editConfigurationFilePut(systemProperties, "tls.client.authServer", "true"));
        options.add(editConfigurationFilePut(systemProperties, "tls.client.trustCertPath", authority.certificatePath().toString()));
        options.add(replaceConfigurationFile("etc/io.rocketconnect.adapter-secure.cfg", secure.toFile()));
        options.add(replaceConfigurationFile("etc/io.rocketconnect.adapter-plain.cfg", plain.toFile()));
        return options.toArray(new Option[0]);
    }
}
