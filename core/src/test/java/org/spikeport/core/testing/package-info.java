/**
 * Test support shared by every module through core's test jar: the test venvs' Python, its scripts, and running
 * child processes.
 */
package org.spikeport.core.testing;
