package org.spikeport.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jThreadsTest {

    @Test
    void appliesTheCountToMasterThreadsAndBlas() {
        int before = Nd4j.factory().blas().getMaxThreads();
        try {
            Nd4jThreads.apply(1);
            assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
            assertEquals(1, Nd4j.factory().blas().getMaxThreads());
        } finally {
            Nd4jThreads.apply(before);
        }
    }

    @Test
    void propertyOverridesTheDefaultAndBadValuesAreRefused() {
        String saved = System.getProperty(Nd4jThreads.PROPERTY);
        try {
            System.setProperty(Nd4jThreads.PROPERTY, "3");
            assertEquals(3, Nd4jThreads.configured());
            System.setProperty(Nd4jThreads.PROPERTY, "0");
            assertThrows(IllegalArgumentException.class, Nd4jThreads::configured);
            System.setProperty(Nd4jThreads.PROPERTY, "two");
            assertThrows(IllegalArgumentException.class, Nd4jThreads::configured);
            System.clearProperty(Nd4jThreads.PROPERTY);
            if (System.getenv(Nd4jThreads.ENV) == null) {
                assertEquals(Nd4jThreads.DEFAULT, Nd4jThreads.configured());
            }
        } finally {
            if (saved == null) {
                System.clearProperty(Nd4jThreads.PROPERTY);
            } else {
                System.setProperty(Nd4jThreads.PROPERTY, saved);
            }
        }
    }
}
