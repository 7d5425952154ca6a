package io.rocketconnect.testbroker;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made up for one test, and broker certificates it signs, written as the PEM
 * files RocketMQ reads ({@code tls.server.certPath}, {@code tls.server.keyPath} as unencrypted
 * PKCS#8, {@code tls.client.trustCertPath}). Valid for a day, for 127.0.0.1 and localhost.
 */
public final class TestCertificates {

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Path directory;

    private TestCertificates(String name, KeyPair keys, X509Certificate certificate, Path directory) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
        this.directory = directory;
    }

    /** A new CA called {@code name}, its files under {@code directory}. */
    public static TestCertificates authority(String name, Path directory) {
        KeyPair keys = rsaKeys();
        X500Name subject = new X500Name("CN=" + name);
        X509Certificate certificate = sign(subject, keys.getPublic(), subject, keys.getPrivate(), true);
        TestCertificates authority = new TestCertificates(name, keys, certificate, directory);
        writePem(authority.certificatePath(), "CERTIFICATE", encoded(certificate));
        return authority;
    }

    /** The PEM file of this CA's certificate: what a client that trusts it names in tls.client.trustCertPath. */
    public Path certificatePath() {
        return directory.resolve(name + ".pem");
    }

    /**
     * A certificate signed by this CA, for 127.0.0.1 and localhost; returns its certificate and key
     * files. Good for a broker and, in mutual TLS, for a client.
     */
    public ServerFiles issueServer(String serverName) {
        KeyPair serverKeys = rsaKeys();
        X509Certificate server = sign(new X500Name("CN=" + serverName), serverKeys.getPublic(),
                new X500Name(certificate.getSubjectX500Principal().getName()), keys.getPrivate(), false);
        ServerFiles files = new ServerFiles(directory.resolve(serverName + ".pem"), directory.resolve(serverName + "-key.pem"));
        writePem(files.certificate(), "CERTIFICATE", encoded(server));
        writePem(files.privateKey(), "PRIVATE KEY", serverKeys.getPrivate().getEncoded());
        return files;
    }

    /** A certificate and its unencrypted PKCS#8 private key, both PEM. */
    public record ServerFiles(Path certificate, Path privateKey) {
    }

    private static X509Certificate sign(X500Name subject, PublicKey subjectKey, X500Name issuer, PrivateKey issuerKey,
            boolean authority) {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, subjectKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            if (authority) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA key generator", e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePem(Path file, String type, byte[] der) {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, pem, US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
