package org.ikec.protocol.crypto;

/**
 * The current private key of each group while {@link DhReuse} allows it to serve more exchanges,
 * shared by all threads. A key is destroyed when a later exchange finds it used up or expired, or
 * when {@link #destroyExpired} runs, so that it does not outlive its window on a quiet node.
 */
final class ReusedKeyPairs {

    static final ReusedKeyPairs SHARED = new ReusedKeyPairs();

    /** The supported groups are numbered below 64 in the IANA registry. */
    private static final int GROUP_SLOTS = 64;

    private final ReusableKeyExchange[] keys = new ReusableKeyExchange[GROUP_SLOTS];
    private final int[] uses = new int[GROUP_SLOTS];
    private final long[] createdMillis = new long[GROUP_SLOTS];
    private final long[] maxAgeMillis = new long[GROUP_SLOTS];

    private ReusedKeyPairs() {
    }

    /** Returns an unused key exchange with the current private key of {@code group}. */
    KeyExchange take(int group, DhReuse reuse, long nowMillis) {
        if (group < 0 || group >= GROUP_SLOTS) {
            return KeyExchanges.create(group);
        }

        synchronized (this) {
            ReusableKeyExchange key = keys[group];
            boolean expired = key == null || uses[group] >= reuse.maxUses()
                    || nowMillis - createdMillis[group] >= reuse.maxAge().toMillis()
                    || nowMillis < createdMillis[group];
            if (expired) {
                destroy(group);
                key = (ReusableKeyExchange) KeyExchanges.create(group);
                keys[group] = key;
                createdMillis[group] = nowMillis;
                maxAgeMillis[group] = reuse.maxAge().toMillis();
            }

            uses[group]++;
            return key.copy();
        }
    }

    /** Destroys every private key whose maximum age has passed at {@code nowMillis} and returns how many. */
    synchronized int destroyExpired(long nowMillis) {
        int destroyed = 0;
        for (int group = 0; group < GROUP_SLOTS; group++) {
            if (keys[group] != null && nowMillis - createdMillis[group] >= maxAgeMillis[group]) {
                destroy(group);
                destroyed++;
            }
        }
        return destroyed;
    }

    private void destroy(int group) {
        if (keys[group] != null) {
            keys[group].destroy();
            keys[group] = null;
        }
        uses[group] = 0;
    }
}
