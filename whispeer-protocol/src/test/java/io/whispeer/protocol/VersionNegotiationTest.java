package io.whispeer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.whispeer.protocol.VersionNegotiation.Agreed;
import io.whispeer.protocol.VersionNegotiation.Refused;
import io.whispeer.protocol.v1.ErrorCode;

class VersionNegotiationTest {
    @Test
    void theHighestVersionBothSidesSpeakIsChosen() {
        assertThat(VersionNegotiation.negotiate(List.of(1, 2, 3), List.of(2, 1))).isEqualTo(new Agreed(2));
        assertThat(VersionNegotiation.negotiate(List.of(3, 1), List.of(1, 3, 4))).isEqualTo(new Agreed(3));
        assertThat(VersionNegotiation.negotiate(List.of(1), Frames.SUPPORTED_VERSIONS)).isEqualTo(new Agreed(Frames.PROTOCOL_VERSION));
    }

    @Test
    void noCommonVersionGivesAFatalErrorListingTheServersVersions() {
        var outcome = VersionNegotiation.negotiate(List.of(7, 8), List.of(1, 2));
        assertThat(outcome).isInstanceOf(Refused.class);
        var error = ((Refused) outcome).error().getError();
        assertThat(error.getCode()).isEqualTo(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION);
        assertThat(error.getSupportedVersionsList()).containsExactly(2, 1);
        assertThat(error.getFatal()).isTrue();
        assertThat(error.getRequestId()).isZero();
        assertThat(error.getMessage()).contains("[7, 8]").contains("[2, 1]").contains("Upgrade");
    }

    @Test
    void aClientThatListsNoVersionIsRefused() {
        assertThat(VersionNegotiation.negotiate(List.of(), List.of(1))).isInstanceOf(Refused.class);
    }

    @Test
    void theRefusalIsAFrameThePeerCanDecode() {
        var refused = (Refused) VersionNegotiation.negotiate(List.of(9), List.of(1));
        assertThat(Frames.defaults().decode(Frames.defaults().encode(refused.error()))).isEqualTo(refused.error());
    }

    @Test
    void aServerWithoutVersionsIsAProgrammingError() {
        assertThatThrownBy(() -> VersionNegotiation.negotiate(List.of(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    }
}
