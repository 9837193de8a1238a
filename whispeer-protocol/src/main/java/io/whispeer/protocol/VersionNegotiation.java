package io.whispeer.protocol;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import io.whispeer.protocol.v1.Error;
import io.whispeer.protocol.v1.ErrorCode;
import io.whispeer.protocol.v1.Frame;

/** Picks the protocol version of a connection from the client's CONNECT and the versions the server speaks. */
public final class VersionNegotiation {
    private VersionNegotiation() {
    }

    /** The outcome of {@link #negotiate}. */
    public sealed interface Outcome permits Agreed, Refused {
    }

    /**
     * Both sides speak {@code version}; the server puts it in its CONNACK.
     *
     * @param version the highest version both speak
     */
    public record Agreed(int version) implements Outcome {
    }

    /**
     * No version in common; the server sends {@code error} (fatal, code {@code ERROR_CODE_UNSUPPORTED_VERSION},
     * listing the versions it speaks) and closes the connection.
     *
     * @param error the ERROR frame to send
     */
    public record Refused(Frame error) implements Outcome {
        /**
         * Checks the frame.
         *
         * @throws NullPointerException when {@code error} is null
         */
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * Chooses the highest version both sides speak. A pure function: no state, no I/O.
     *
     * @param clientVersions the versions in the client's CONNECT
     * @param serverVersions the versions the server speaks, at least one
     * @return {@link Agreed} with the version, or {@link Refused} with the ERROR frame to send
     * @throws IllegalArgumentException when {@code serverVersions} is empty
     */
    public static Outcome negotiate(Collection<Integer> clientVersions, Collection<Integer> serverVersions) {
        Objects.requireNonNull(clientVersions, "clientVersions");
        Objects.requireNonNull(serverVersions, "serverVersions");
        if (serverVersions.isEmpty()) {
            throw new IllegalArgumentException("The server must speak at least one protocol version; it lists none");
        }
        TreeSet<Integer> server = new TreeSet<>(serverVersions);
        int best = -1;
        for (Integer v : clientVersions) {
            if (v != null && v > best && server.contains(v)) {
                best = v;
            }
        }
        if (best >= 0) {
            return new Agreed(best);
        }
        List<Integer> spoken = List.copyOf(server.descendingSet());
        String message = "The client speaks protocol versions " + List.copyOf(new TreeSet<>(clientVersions.stream()
                .filter(Objects::nonNull).toList())) + " and this server speaks " + spoken
                + "; there is none in common. Upgrade the older side.";
        return new Refused(Frame.newBuilder().setError(Error.newBuilder()
                .setCode(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION)
                .setMessage(message)
                .addAllSupportedVersions(spoken)
                .setFatal(true)).build());
    }
}
