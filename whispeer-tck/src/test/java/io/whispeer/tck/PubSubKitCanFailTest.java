package io.whispeer.tck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.whispeer.api.PubSub;

/** The {@link PubSubCompatibilityKit} catches broken implementations: each test runs kit cases on a {@link BrokenPubSub}. */
class PubSubKitCanFailTest {
    @Test
    void pubSubThatLosesEveryTenthMessageFailsTheOrderCheck() {
        PubSubCompatibilityKit kit = kit(BrokenPubSub.Flaw.DROPS_EVERY_TENTH);
        try {
            assertThatThrownBy(kit::everySubscriberGetsEveryMatchingMessageOnceInPerPublisherOrder)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("messages lost");
        } finally {
            kit.closePubSubs();
        }
    }

    @Test
    void pubSubThatIgnoresWildcardsFailsTheMatchingCheck() {
        PubSubCompatibilityKit kit = kit(BrokenPubSub.Flaw.IGNORES_WILDCARDS);
        try {
            assertThatThrownBy(kit::wildcardFiltersReceiveExactlyTheTopicsTheyMatch)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("subscriptions matching topic 'sensor/kitchen/temp'");
        } finally {
            kit.closePubSubs();
        }
    }

    @Test
    void pubSubThatNeverEnforcesDeclaredTypesFailsThePublishTypeCheck() {
        PubSubCompatibilityKit kit = kit(BrokenPubSub.Flaw.IGNORES_TYPES);
        try {
            assertThatThrownBy(kit::publishingAnotherTypeToADeclaredTopicFailsNamingBothTypes)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("publish an Integer where String is declared");
        } finally {
            kit.closePubSubs();
        }
    }

    @Test
    void flawsDoNotFailTheCasesTheyDoNotTouch() throws Exception {
        PubSubCompatibilityKit kit = kit(BrokenPubSub.Flaw.IGNORES_TYPES);
        try {
            kit.wildcardFiltersReceiveExactlyTheTopicsTheyMatch();
        } finally {
            kit.closePubSubs();
        }
        kit = kit(BrokenPubSub.Flaw.IGNORES_WILDCARDS);
        try {
            kit.publishingAnotherTypeToADeclaredTopicFailsNamingBothTypes();
        } finally {
            kit.closePubSubs();
        }
    }

    private static PubSubCompatibilityKit kit(BrokenPubSub.Flaw flaw) {
        return new PubSubCompatibilityKit() {
            @Override
            protected PubSub newPubSub(PubSubSpec spec) {
                return new BrokenPubSub(flaw, spec);
            }
        };
    }
}
