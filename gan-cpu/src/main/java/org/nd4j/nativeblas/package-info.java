/**
 * Holds {@link org.nd4j.nativeblas.Nd4jCpu}, which lets DL4J 1.0.0-M2.1 find the CPU backend's
 * oneDNN switch under the name it looks for, so that its oneDNN layer helpers can run.
 */
package org.nd4j.nativeblas;
