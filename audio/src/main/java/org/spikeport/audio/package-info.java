/**
 * Audio in: reading recordings, resampling them to the rate of the SHD recordings, and the SHD cochlea
 * encoder ({@link org.spikeport.audio.Cochlea}: basilar membrane, inner hair cells, bushy cells; Cramer et al.
 * 2020), which turns a clip into spikes of 700 channels as lauscher 1.0.1 does.
 */
package org.spikeport.audio;
