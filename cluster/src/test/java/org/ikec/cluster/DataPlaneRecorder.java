package org.ikec.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A data plane that only records what the entities install and remove; entities call it from their own threads. */
final class DataPlaneRecorder implements DataPlane {

    /** One {@link #remove} call. */
    record Removal(String ikeSaId, int inboundSpi) {
    }

    private final List<ChildSaInstallation> installed = new CopyOnWriteArrayList<>();
    private final List<Removal> removed = new CopyOnWriteArrayList<>();

    @Override
    public void install(ChildSaInstallation installation) {
        installed.add(installation);
    }

    @Override
    public void remove(String ikeSaId, int inboundSpi) {
        removed.add(new Removal(ikeSaId, inboundSpi));
    }

    List<ChildSaInstallation> installedFor(String ikeSaId) {
        return installed.stream().filter(i -> i.ikeSaId().equals(ikeSaId)).toList();
    }

    List<Removal> removedFor(String ikeSaId) {
        return removed.stream().filter(r -> r.ikeSaId().equals(ikeSaId)).toList();
    }
}
