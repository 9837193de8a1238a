package io.whispeer.transport.tcp;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.whispeer.api.spi.Settings;

/** Self-signed certificates for loopback, made with Bouncy Castle, written as PEM files. */
final class TestCertificates {
    /**
     * A certificate and its key as PEM files.
     *
     * @param cert        the certificate
     * @param key         the private key, PKCS#8
     * @param certificate the certificate itself
     */
    record Pem(Path cert, Path key, X509Certificate certificate) {
        /** {@return settings for a server with this certificate and a client that trusts it, as a transport receives them} */
        Settings settings() {
            return Settings.of(Map.of("whispeer.transport.tcp.tls.cert", cert.toString(), "whispeer.transport.tcp.tls.key", key.toString(),
                    "whispeer.transport.tcp.tls.trust", cert.toString())).scoped("whispeer.transport.tcp.");
        }
    }

    private TestCertificates() {
    }

    /**
     * Creates a self-signed EC P-256 certificate for {@code 127.0.0.1} and {@code localhost}.
     *
     * @param directory where to write it
     * @param name      the common name, and the files' base name
     * @return the PEM files
     */
    static Pem selfSigned(Path directory, String name) throws IOException, GeneralSecurityException, OperatorCreationException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()),
            new GeneralName(GeneralName.dNSName, "localhost")}));
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        Path cert = directory.resolve(name + ".crt");
        Path key = directory.resolve(name + ".key");
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        return new Pem(cert, key, certificate);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
