/**
 * Hardware profiles: what a chip (or format) can hold and how it computes, read from one YAML file per
 * chip ({@link org.spikeport.core.profile.HardwareProfiles}). Every limit the exporter checks and every
 * width the quantizer uses is read from a profile; no chip limit is written in code.
 */
package org.spikeport.core.profile;
