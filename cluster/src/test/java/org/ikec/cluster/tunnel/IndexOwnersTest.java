package org.ikec.cluster.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

class IndexOwnersTest {

    @Test
    void growthKeepsOwnersLatestIndex() {
        IndexOwners owners = new IndexOwners(true);

        owners.put(1, "sa-1");
        owners.put(2, "sa-1");
        owners.put(3, "sa-1");
        owners.put(4, "sa-2");

        assertThat(owners.indexOf("sa-1")).isEqualTo(3);
        assertThat(owners.indexOf("sa-2")).isEqualTo(4);
        assertThat(owners.ownerOf(1)).isEqualTo("sa-1");
        assertThat(owners.size()).isEqualTo(4);
    }

    @Test
    void removalKeepsLaterEntriesFindable() {
        IndexOwners owners = new IndexOwners(true);
        for (int index = 1; index <= 100; index++) {
            owners.put(index, "sa-" + index);
        }

        for (int index = 1; index <= 100; index += 2) {
            owners.remove(index);
        }

        for (int index = 2; index <= 100; index += 2) {
            assertThat(owners.ownerOf(index)).isEqualTo("sa-" + index);
            assertThat(owners.indexOf("sa-" + index)).isEqualTo(index);
        }
        assertThat(owners.ownerOf(99)).isNull();
        assertThat(owners.indexOf("sa-99")).isZero();
        assertThat(owners.size()).isEqualTo(50);
    }

    @Test
    void ownerLookupNeedsSecondTable() {
        IndexOwners owners = new IndexOwners(false);
        owners.put(5, "sa-1");

        assertThat(owners.ownerOf(5)).isEqualTo("sa-1");
        assertThatIllegalStateException().isThrownBy(() -> owners.indexOf("sa-1"));
    }
}
