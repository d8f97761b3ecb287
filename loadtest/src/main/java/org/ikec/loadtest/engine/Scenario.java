package org.ikec.loadtest.engine;

import java.util.Locale;

/** The behaviour of the emulated clients over a run. */
public enum Scenario {
    /** Establish {@code --sas} IKE SAs as fast as the schedule allows, then end the run. */
    STORM,
    /** Bring up {@code --sas} IKE SAs and hold them until the run's duration ends. */
    STEADY,
    /** Keep about {@code --sas} IKE SAs up, deleting each after {@code --hold-s} and starting a replacement. */
    CHURN,
    /**
     * Initiate one IKE SA from each peer while the target initiates to the same peers, and respond
     * to the target's IKE_SA_INIT as a responder.
     */
    SIMULTANEOUS;

    public static Scenario parse(String text) {
        for (Scenario scenario : values()) {
            if (scenario.label().equals(text)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + text + "'; use storm, steady, churn or simultaneous");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
