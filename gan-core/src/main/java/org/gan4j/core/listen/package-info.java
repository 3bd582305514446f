/**
 * Training listeners: progress logging, JSON Lines history, sample grids, and named presets in
 * {@link org.gan4j.core.listen.Listeners}.
 */
package org.gan4j.core.listen;
