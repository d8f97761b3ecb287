package org.ikec.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The node-local list through which datagrams reach IKE SA entities without passing sharding. */
class LocalEntitiesTest {

    private static final ActorTestKit TEST_KIT = ActorTestKit.create();

    @AfterAll
    static void stopTestKit() {
        TEST_KIT.shutdownTestKit();
    }

    @Test
    void findsListedEntityOnly() {
        LocalEntities entities = new LocalEntities();
        TestProbe<IkeSaEntity.Command> entity = TEST_KIT.createTestProbe();

        entities.add(0x2a, entity.ref());

        assertThat(entities.find(0x2a)).isEqualTo(entity.ref());
        assertThat(entities.find(0x2b)).isNull();
    }

    @Test
    void removalKeepsLaterIncarnation() {
        LocalEntities entities = new LocalEntities();
        TestProbe<IkeSaEntity.Command> stopped = TEST_KIT.createTestProbe();
        TestProbe<IkeSaEntity.Command> next = TEST_KIT.createTestProbe();
        entities.add(7, stopped.ref());
        entities.add(7, next.ref());

        entities.remove(7, stopped.ref());

        assertThat(entities.find(7)).isEqualTo(next.ref());
    }

    @Test
    void removalOfListedEntityEmptiesSlot() {
        LocalEntities entities = new LocalEntities();
        TestProbe<IkeSaEntity.Command> entity = TEST_KIT.createTestProbe();
        entities.add(SpiRouting.ENTITY_COUNT - 1, entity.ref());

        entities.remove(SpiRouting.ENTITY_COUNT - 1, entity.ref());

        assertThat(entities.find(SpiRouting.ENTITY_COUNT - 1)).isNull();
    }

    @Test
    void entityIndexMatchesEntityId() {
        long spi = 0xfedc_ba98_7654_3210L;

        assertThat(SpiRouting.entityIndex(spi)).isEqualTo(0x3fb7);
        assertThat(SpiRouting.entityIndex(SpiRouting.entityId(spi))).isEqualTo(SpiRouting.entityIndex(spi));
        assertThat(SpiRouting.ENTITY_COUNT).isEqualTo(16_384);
    }
}
