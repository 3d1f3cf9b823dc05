package io.astraclear.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pf4j.PluginRuntimeException;

class PluginHostMessagesTest {
    @Test
    void causesReadAsOneLineFromWrapperToRootWithoutRepeatingBareWrappers() {
        Throwable root = new IllegalStateException("licence file not found");
        Throwable bareWrapper = new PluginRuntimeException(root);
        Throwable explained = new PluginRuntimeException(bareWrapper, "cannot create extension {}", "com.example.X");

        assertThat(PluginHost.causes(explained))
                .isEqualTo("PluginRuntimeException: cannot create extension com.example.X <- IllegalStateException: licence file not found");
        assertThat(PluginHost.causes(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
