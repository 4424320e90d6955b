/** A minimal JSON writer for spikeport's machine-readable output ({@code --json}, report files). */
package org.spikeport.core.json;
