/** Runnable programs: {@link org.gan4j.examples.TrainMlpGan}, the main job. */
package org.gan4j.examples;
