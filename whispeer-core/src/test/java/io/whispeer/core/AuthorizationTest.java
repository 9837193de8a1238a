package io.whispeer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.whispeer.api.AuthorizationException;
import io.whispeer.api.Envelope;
import io.whispeer.api.SubscribeOptions;
import io.whispeer.api.Subscription;
import io.whispeer.api.TopicFilter;
import io.whispeer.api.WhispeerException;
import io.whispeer.api.spi.Authorization;
import io.whispeer.api.spi.ClientInfo;
import io.whispeer.api.spi.Plugin;
import io.whispeer.tck.CapturedLogs;

/** Plugins decide who may publish and subscribe: a denial fails that request only, deny wins, and a failing check denies. */
class AuthorizationTest {
    /** This class makes things fail on purpose; what whispeer logs about it is captured, not printed. */
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    /** Allows everything under {@code open/}, denies the rest with a reason. */
    private static final class Acl implements Plugin {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "acl";
        }

        @Override
        public void onConnect(ClientInfo client) {
            events.add("connect:" + client.transport());
        }

        @Override
        public void onDisconnect(ClientInfo client, Optional<Throwable> cause) {
            events.add("disconnect:" + client.transport() + ":" + cause.isPresent());
        }

        @Override
        public Authorization authorizePublish(ClientInfo client, Envelope envelope) {
            return envelope.topic().startsWith("open/") ? Authorization.allow() : Authorization.deny("no publish grant for " + envelope.topic());
        }

        @Override
        public Authorization authorizeSubscribe(ClientInfo client, TopicFilter filter) {
            return filter.text().startsWith("open/") ? Authorization.allow() : Authorization.deny("no subscribe grant for " + filter);
        }
    }

    @Test
    void aDeniedPublishFailsThatPublishOnlyAndNamesThePluginAndReason() throws Exception {
        Acl acl = new Acl();
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().plugin(acl))) {
            LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            broker.subscribe("open/#", String.class, m -> inbox.add(m.topic()));
            assertThatThrownBy(() -> broker.publish("secret/x", "no"))
                    .isInstanceOf(AuthorizationException.class)
                    .hasMessageContaining("'secret/x'")
                    .hasMessageContaining("plugin 'acl'")
                    .hasMessageContaining("no publish grant for secret/x");
            broker.publish("open/x", "yes").join();
            assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("open/x");
            assertThat(broker.stats().denied()).isEqualTo(1);
            assertThat(broker.stats().published()).as("a denied publish is not counted as published").isEqualTo(1);
        }
    }

    @Test
    void aDeniedSubscribeFailsThatSubscribeOnly() {
        Acl acl = new Acl();
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().plugin(acl))) {
            assertThatThrownBy(() -> broker.subscribe("#", String.class, m -> { }))
                    .isInstanceOf(AuthorizationException.class)
                    .hasMessageContaining("no subscribe grant for #");
            assertThatThrownBy(() -> broker.subscribeEnvelopes("secret/+", (e, n) -> { }, SubscribeOptions.defaults()))
                    .isInstanceOf(AuthorizationException.class);
            Subscription allowed = broker.subscribe("open/+", String.class, m -> { });
            assertThat(allowed.isOpen()).isTrue();
            assertThat(broker.stats().subscriptions()).hasSize(1);
            assertThat(broker.stats().denied()).isEqualTo(2);
        }
    }

    @Test
    void anAuthorizationCheckThatThrowsDeniesFailClosed() {
        Plugin broken = new Plugin() {
            @Override
            public String name() {
                return "broken-acl";
            }

            @Override
            public Authorization authorizePublish(ClientInfo client, Envelope envelope) {
                throw new IllegalStateException("ACL file unreadable");
            }
        };
        try (CoreBroker broker = TestSupport.broker(TestSupport.builder().plugin(broken))) {
            assertThatThrownBy(() -> broker.publish("t", "x"))
                    .isInstanceOf(AuthorizationException.class)
                    .hasMessageContaining("broken-acl")
                    .hasMessageContaining("authorization check failed");
            assertThat(broker.stats().pluginErrors()).isEqualTo(1);
        }
    }

    @Test
    void theInProcessClientConnectsAtStartAndDisconnectsAtClose() {
        Acl acl = new Acl();
        TestSupport.broker(TestSupport.builder().plugin(acl)).close();
        assertThat(acl.events).containsExactly("connect:" + ClientInfo.IN_PROCESS, "disconnect:" + ClientInfo.IN_PROCESS + ":false");
    }

    @Test
    void aNamedSubscriptionHasAStableIdAndItsNameIsUniqueWhileItIsOpen() {
        try (CoreBroker first = TestSupport.broker(TestSupport.builder());
             CoreBroker second = TestSupport.broker(TestSupport.builder())) {
            SubscribeOptions named = SubscribeOptions.builder().name("orders").build();
            Subscription a = first.subscribe("t", String.class, m -> { }, named);
            Subscription b = second.subscribe("u", String.class, m -> { }, named);
            assertThat(a.id()).isEqualTo("durable/orders").isEqualTo(b.id());
            assertThat(a.name()).isEqualTo("orders");
            assertThatThrownBy(() -> first.subscribe("v", String.class, m -> { }, named))
                    .isInstanceOf(WhispeerException.class)
                    .hasMessageContaining("'orders' is open already");
            a.close();
            assertThat(first.subscribe("v", String.class, m -> { }, named).id()).as("free again once closed").isEqualTo("durable/orders");
            assertThat(first.subscribe("w", String.class, m -> { }).id()).as("anonymous ids are not durable").startsWith("s");
        }
    }
}
