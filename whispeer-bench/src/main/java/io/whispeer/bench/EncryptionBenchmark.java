package io.whispeer.bench;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.whispeer.api.spi.EncryptionEngine;
import io.whispeer.api.spi.EncryptionEngineProvider;
import io.whispeer.api.spi.KeyedCipher;
import io.whispeer.api.spi.SealedPayload;
import io.whispeer.api.spi.Settings;

/**
 * Encryption engines against the JCE cipher they wrap, in the same run: {@code xchacha20-poly1305},
 * {@code chacha20-poly1305} and {@code aes-256-gcm}, each found with {@link ServiceLoader} and created with
 * {@code provider.create(Settings.empty())}, sealing and opening {@code size} bytes with {@value #AAD_SIZE} bytes
 * of associated data.
 *
 * <p>{@code raw} is one reused JCE {@code Cipher} ({@code ChaCha20-Poly1305}, or {@code AES/GCM/NoPadding} for
 * aes-256-gcm), initialised for every call with a fresh random 96-bit nonce from one {@link SecureRandom}, with the
 * same key and AAD. For xchacha20-poly1305 the raw side is plain ChaCha20-Poly1305 under the same key, so the
 * ratio includes the HChaCha20 subkey derivation the engine adds per message.
 *
 * <p>Paired timing, as in {@link CompressionBenchmark}: one operation is {@value #BATCH} engine calls and
 * {@value #BATCH} raw calls on the same plaintexts (or on each side's own ciphertexts of them, for opening), which
 * side goes first alternating, each side timed with {@link System#nanoTime()} into the secondary results of
 * {@link PairedTiming} ({@code engineNs}, {@code engineCalls}, {@code rawNs}, {@code rawCalls}). The primary
 * score counts pairs of calls and is not meant to be read.
 *
 * <p>The engine side binds each key once ({@code engine.forKey}) and seals and opens on the bound object, as the
 * broker does. chacha20-poly1305 and aes-256-gcm count the messages each bound key seals (2^30 by default); the
 * sealing key is replaced by a fresh random one every {@value #ROTATE_EVERY} seals on both sides, so a long run
 * never reaches the limit. Opening uses one fixed key.
 *
 * <p>Target: engine at least 0.75x the raw throughput (engine/raw time at most 1.33) at 1 KiB and 64 KiB.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EncryptionBenchmark {
    /** Calls per side and operation, and distinct plaintexts. */
    static final int BATCH = 16;
    /** Bytes of associated data. */
    static final int AAD_SIZE = 32;
    /** Seals per key before both sides switch to a new key. */
    static final int ROTATE_EVERY = 1 << 22;
    private static final int TAG_BITS = 128;

    /** The engine's name. */
    @Param({"xchacha20-poly1305", "chacha20-poly1305", "aes-256-gcm"})
    public String engineName;

    /** Plaintext bytes. */
    @Param({"64", "1024", "65536"})
    public int size;

    private final SecureRandom random = new SecureRandom();
    private EncryptionEngine engine;
    private Cipher cipher;
    private boolean gcm;
    private byte[] aad;
    private byte[][] plaintexts;
    /**
     * Sealing keys, replaced every {@link #ROTATE_EVERY} seals: the engine's, bound once with {@code forKey} (from a
     * key named AES, as a key ring holds it) as the broker binds it, and the JCE's.
     */
    private KeyedCipher engineSealer;
    private SecretKey rawSealKey;
    private long sealsWithKey;
    /** The fixed opening key, and each side's ciphertexts of the plaintexts under it. */
    private KeyedCipher engineOpener;
    private SecretKey rawOpenKey;
    private SealedPayload[] engineSealed;
    private byte[][] rawNonces;
    private byte[][] rawSealed;
    private boolean engineFirst;

    /**
     * Creates the engine and the raw cipher, seals the opening set on both sides and checks that each opens it.
     *
     * @throws GeneralSecurityException when the JCE refuses
     */
    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        engine = create(engineName);
        gcm = engineName.equals("aes-256-gcm");
        cipher = Cipher.getInstance(gcm ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
        aad = randomBytes(AAD_SIZE);
        plaintexts = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            plaintexts[i] = randomBytes(size);
        }
        rotate();
        byte[] openMaterial = randomBytes(32);
        engineOpener = engine.forKey(new SecretKeySpec(openMaterial, "AES"));
        rawOpenKey = rawKey(openMaterial);
        engineSealed = new SealedPayload[BATCH];
        rawNonces = new byte[BATCH][];
        rawSealed = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            engineSealed[i] = engineOpener.seal(plaintexts[i], aad);
            rawNonces[i] = randomBytes(12);
            cipher.init(Cipher.ENCRYPT_MODE, rawOpenKey, spec(rawNonces[i]));
            cipher.updateAAD(aad);
            rawSealed[i] = cipher.doFinal(plaintexts[i]);
            byte[] engineOpened = engineOpener.open(engineSealed[i].nonce(), engineSealed[i].ciphertext(), aad);
            if (!Arrays.equals(engineOpened, plaintexts[i]) || !Arrays.equals(rawOpen(i), plaintexts[i])) {
                throw new IllegalStateException(engineName + ": message " + i + " did not survive the round trip");
            }
        }
    }

    private static EncryptionEngine create(String name) {
        for (EncryptionEngineProvider provider : ServiceLoader.load(EncryptionEngineProvider.class)) {
            if (provider.name().equals(name)) {
                return provider.create(Settings.empty());
            }
        }
        throw new IllegalArgumentException("No encryption engine named '" + name + "' on the class path");
    }

    private void rotate() {
        byte[] material = randomBytes(32);
        if (engineSealer != null) {
            engineSealer.close();
        }
        engineSealer = engine.forKey(new SecretKeySpec(material, "AES"));
        rawSealKey = rawKey(material);
        sealsWithKey = 0;
    }

    private SecretKey rawKey(byte[] material) {
        return new SecretKeySpec(material, gcm ? "AES" : "ChaCha20");
    }

    private AlgorithmParameterSpec spec(byte[] nonce) {
        return gcm ? new GCMParameterSpec(TAG_BITS, nonce) : new IvParameterSpec(nonce);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Seals the {@value #BATCH} plaintexts on each side.
     *
     * @param blackhole takes the results
     * @param timing    time and calls per side
     * @throws GeneralSecurityException when the JCE refuses
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void seal(Blackhole blackhole, PairedTiming timing) throws GeneralSecurityException {
        if (sealsWithKey >= ROTATE_EVERY) {
            rotate();
        }
        sealsWithKey += BATCH;
        engineFirst = !engineFirst;
        if (engineFirst) {
            sealEngine(blackhole, timing);
            sealRaw(blackhole, timing);
        } else {
            sealRaw(blackhole, timing);
            sealEngine(blackhole, timing);
        }
    }

    private void sealEngine(Blackhole blackhole, PairedTiming timing) {
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            blackhole.consume(engineSealer.seal(plaintexts[i], aad));
        }
        timing.engineNs += System.nanoTime() - start;
        timing.engineCalls += BATCH;
    }

    private void sealRaw(Blackhole blackhole, PairedTiming timing) throws GeneralSecurityException {
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            // As the engine does: a fresh random nonce, returned with the ciphertext.
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            cipher.init(Cipher.ENCRYPT_MODE, rawSealKey, spec(nonce));
            cipher.updateAAD(aad);
            blackhole.consume(nonce);
            blackhole.consume(cipher.doFinal(plaintexts[i]));
        }
        timing.rawNs += System.nanoTime() - start;
        timing.rawCalls += BATCH;
    }

    /**
     * Opens each side's {@value #BATCH} ciphertexts.
     *
     * @param blackhole takes the results
     * @param timing    time and calls per side
     * @throws GeneralSecurityException when the JCE refuses
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void open(Blackhole blackhole, PairedTiming timing) throws GeneralSecurityException {
        engineFirst = !engineFirst;
        if (engineFirst) {
            openEngine(blackhole, timing);
            openRaw(blackhole, timing);
        } else {
            openRaw(blackhole, timing);
            openEngine(blackhole, timing);
        }
    }

    private void openEngine(Blackhole blackhole, PairedTiming timing) {
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            blackhole.consume(engineOpener.open(engineSealed[i].nonce(), engineSealed[i].ciphertext(), aad));
        }
        timing.engineNs += System.nanoTime() - start;
        timing.engineCalls += BATCH;
    }

    private void openRaw(Blackhole blackhole, PairedTiming timing) throws GeneralSecurityException {
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            blackhole.consume(rawOpen(i));
        }
        timing.rawNs += System.nanoTime() - start;
        timing.rawCalls += BATCH;
    }

    private byte[] rawOpen(int i) throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, rawOpenKey, spec(rawNonces[i]));
        cipher.updateAAD(aad);
        return cipher.doFinal(rawSealed[i]);
    }

    /** Closes the bound keys and the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engineSealer.close();
        engineOpener.close();
        engine.close();
    }
}
