package org.ikec.node.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the interop harness with two strongSwan peers: one initiates from the {@code init}
 * namespace, the other responds in {@code resp}. Every test deletes its namespaces and checks
 * that none is left.
 */
@RequiresLab
class StrongSwanLabTest {

    private static final String PSK = "lab-psk-5f1c9a0e7d3b4a21";
    private static final String INITIATOR_ID = "client1.ikec.test";
    private static final String RESPONDER_ID = "gw.ikec.test";

    /** Kept when a test fails, so the charon and node logs can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    static Stream<ProposalCase> proposals() {
        return ProposalCase.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("proposals")
    void saEstablishesRekeysAndTerminates(ProposalCase proposal) {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            StrongSwanPeer responder = startResponder(lab, topology, proposal.ikeKeyword());
            StrongSwanPeer initiator = startInitiator(lab, topology, proposal.ikeKeyword(), proposal.espKeyword());

            initiator.initiate("net");

            IkeSaStatus initiatorSa = initiator.ikeSa("lab").orElseThrow();
            IkeSaStatus responderSa = responder.ikeSa("lab").orElseThrow();
            assertThat(initiatorSa.state()).isEqualTo("ESTABLISHED");
            assertThat(responderSa.state()).isEqualTo("ESTABLISHED");
            assertThat(initiatorSa.proposal()).isEqualTo(proposal.ikeAlgorithms());
            assertThat(responderSa.proposal()).isEqualTo(proposal.ikeAlgorithms());
            assertThat(initiatorSa.remoteId()).isEqualTo(RESPONDER_ID);
            assertThat(responderSa.remoteId()).isEqualTo(INITIATOR_ID);

            ChildSaStatus initiatorChild = initiatorSa.child("net");
            ChildSaStatus responderChild = responderSa.child("net");
            assertThat(initiatorChild.state()).isEqualTo("INSTALLED");
            assertThat(initiatorChild.proposal()).isEqualTo(proposal.espAlgorithms());
            assertThat(responderChild.proposal()).isEqualTo(proposal.espAlgorithms());
            assertThat(responderChild.spiIn()).isEqualTo(initiatorChild.spiOut());
            assertThat(responderChild.spiOut()).isEqualTo(initiatorChild.spiIn());
            assertThat(initiatorChild.localTs()).containsExactly(topology.initiatorInnerSubnet());
            assertThat(initiatorChild.remoteTs()).containsExactly(topology.responderInnerSubnet());

            ChildSaStatus rekeyed = initiator.rekeyChild("net");
            ChildSaStatus responderRekeyed = responder.ikeSa("lab").orElseThrow().child("net");
            assertThat(rekeyed.spiIn()).isNotEqualTo(initiatorChild.spiIn());
            assertThat(rekeyed.spiOut()).isNotEqualTo(initiatorChild.spiOut());
            assertThat(responderRekeyed.spiIn()).isEqualTo(rekeyed.spiOut());
            assertThat(responderRekeyed.spiOut()).isEqualTo(rekeyed.spiIn());

            IkeSaStatus rekeyedIke = initiator.rekeyIke("lab");
            IkeSaStatus responderRekeyedIke = Waits.until("responder to drop the rekeyed IKE SA",
                    StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> onlySa(responder.listSas()).filter(sa -> sa.spiI().equals(rekeyedIke.spiI())),
                    responder::logTail);
            assertThat(rekeyedIke.spiI()).isNotEqualTo(initiatorSa.spiI());
            assertThat(responderRekeyedIke.spiR()).isEqualTo(rekeyedIke.spiR());
            assertThat(responderRekeyedIke.state()).isEqualTo("ESTABLISHED");
            assertThat(rekeyedIke.proposal()).isEqualTo(proposal.ikeAlgorithms());
            assertThat(rekeyedIke.child("net").spiIn()).isEqualTo(rekeyed.spiIn());

            initiator.terminateIke("lab");
            Waits.until("responder to remove the IKE SA", StrongSwanPeer.EXCHANGE_TIMEOUT,
                    () -> responder.ikeSa("lab").isEmpty() ? Optional.of(true) : Optional.empty(),
                    responder::logTail);
            assertThat(initiator.listSas()).isEmpty();
            assertThat(responder.listSas()).isEmpty();
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void natTraversalUsesTranslatedPort() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.behindNat(lab);
            StrongSwanPeer responder = startResponder(lab, topology, "aes256gcm16-prfsha256-x25519");
            StrongSwanPeer initiator = startInitiator(lab, topology, "aes256gcm16-prfsha256-x25519", "aes256gcm16");

            initiator.initiate("net");

            IkeSaStatus initiatorSa = initiator.ikeSa("lab").orElseThrow();
            assertThat(initiatorSa.localHost()).isEqualTo(LabTopology.NATTED_INITIATOR_ADDRESS);
            assertThat(initiatorSa.localPort()).isEqualTo(4500);
            assertThat(initiatorSa.remotePort()).isEqualTo(4500);
            assertThat(initiatorSa.natLocal()).isTrue();
            assertThat(initiator.log()).contains("local host is behind NAT");
            assertThat(initiatorSa.child("net").encap()).isTrue();

            IkeSaStatus responderSa = responder.ikeSa("lab").orElseThrow();
            assertThat(responderSa.remoteHost()).isEqualTo(LabTopology.ROUTER_OUTSIDE_ADDRESS);
            assertThat(responderSa.remotePort()).isEqualTo(LabTopology.NAT_NATT_PORT);
            assertThat(responderSa.localPort()).isEqualTo(4500);
            assertThat(responderSa.natRemote()).isTrue();
            assertThat(responderSa.child("net").encap()).isTrue();
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void invalidKePayloadMakesInitiatorRetry() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            startResponder(lab, topology, "aes256gcm16-prfsha256-x25519");
            StrongSwanPeer initiator = startInitiator(lab, topology,
                    "aes256gcm16-prfsha256-ecp256-x25519", "aes256gcm16");

            initiator.initiate("net");

            assertThat(initiator.log()).contains("peer didn't accept DH group ECP_256, it requested CURVE_25519");
            assertThat(initiator.ikeSa("lab").orElseThrow().proposal())
                    .isEqualTo("AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519");
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void livenessCheckKeepsSaUp() {
        String prefix;
        try (NetworkLab lab = NetworkLab.create(workDir)) {
            prefix = lab.namespacePrefix();
            LabTopology topology = LabTopology.direct(lab);
            startResponder(lab, topology, "aes256gcm16-prfsha256-x25519");
            StrongSwanPeer initiator = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "initiator");
            initiator.start();
            initiator.loadConfig(initiatorConfig(topology, "aes256gcm16-prfsha256-x25519", "aes256gcm16")
                    .dpdDelay(Duration.ofSeconds(1))
                    .build());
            initiator.initiate("net");
            IkeSaStatus established = initiator.ikeSa("lab").orElseThrow();

            initiator.awaitLivenessCheck(Duration.ofSeconds(10));

            IkeSaStatus afterCheck = initiator.ikeSa("lab").orElseThrow();
            assertThat(afterCheck.state()).isEqualTo("ESTABLISHED");
            assertThat(afterCheck.spiI()).isEqualTo(established.spiI());
            assertThat(afterCheck.spiR()).isEqualTo(established.spiR());
        }
        assertThat(NetworkLab.namespacesStartingWith(prefix)).isEmpty();
    }

    @Test
    void closeStopsProcessesAndDeletesNamespaces() {
        NetworkLab lab = NetworkLab.create(workDir);
        String namespace = lab.addNamespace("solo");
        LabProcess sleeper = lab.start(namespace, "sleeper", List.of("sleep", "60"));
        assertThat(NetworkLab.namespacesStartingWith(lab.namespacePrefix())).containsExactly(namespace);

        lab.close();

        assertThat(sleeper.isAlive()).isFalse();
        assertThat(sleeper.process().exitValue()).isEqualTo(143);
        assertThat(NetworkLab.namespacesStartingWith(lab.namespacePrefix())).isEmpty();
    }

    @AfterAll
    static void noNamespaceOfThisRunIsLeft() {
        assertThat(NetworkLab.namespacesStartingWith(NetworkLab.RUN_PREFIX + "-")).isEmpty();
    }

    private static Optional<IkeSaStatus> onlySa(List<IkeSaStatus> sas) {
        return sas.size() == 1 ? Optional.of(sas.get(0)) : Optional.empty();
    }

    private static StrongSwanPeer startResponder(NetworkLab lab, LabTopology topology, String ikeProposal) {
        StrongSwanPeer responder = StrongSwanPeer.create(lab, topology.responderNamespace(), "responder");
        responder.start();
        responder.loadConfig(SwanctlConfig.builder("lab", "net")
                .localAddrs(topology.responderAddress())
                .proposals(ikeProposal)
                .espProposals(ProposalCase.ALL.stream().map(ProposalCase::espKeyword).toArray(String[]::new))
                .localId(RESPONDER_ID)
                .psk(PSK)
                .localTs(topology.responderInnerSubnet())
                .remoteTs(topology.initiatorInnerSubnet())
                .build());
        return responder;
    }

    private static StrongSwanPeer startInitiator(NetworkLab lab, LabTopology topology, String ikeProposal,
            String espProposal) {
        StrongSwanPeer initiator = StrongSwanPeer.create(lab, topology.initiatorNamespace(), "initiator");
        initiator.start();
        initiator.loadConfig(initiatorConfig(topology, ikeProposal, espProposal).build());
        return initiator;
    }

    private static SwanctlConfig.Builder initiatorConfig(LabTopology topology, String ikeProposal,
            String espProposal) {
        return SwanctlConfig.builder("lab", "net")
                .localAddrs(topology.initiatorAddress())
                .remoteAddrs(topology.responderAddress())
                .proposals(ikeProposal)
                .espProposals(espProposal)
                .localId(INITIATOR_ID)
                .remoteId(RESPONDER_ID)
                .psk(PSK)
                .localTs(topology.initiatorInnerSubnet())
                .remoteTs(topology.responderInnerSubnet());
    }
}
