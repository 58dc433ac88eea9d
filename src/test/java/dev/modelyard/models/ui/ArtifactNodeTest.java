package dev.modelyard.models.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.data.provider.hierarchy.TreeData;
import dev.modelyard.artifacts.ArtifactFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArtifactNodeTest {

    private static ArtifactFile file(String path, long size) {
        return new ArtifactFile(path, size, "0".repeat(64), "application/octet-stream");
    }

    @Test
    void paths_become_folders_listed_first_with_the_sum_of_their_sizes() {
        TreeData<ArtifactNode> tree = ArtifactNode.treeOf(List.of(
                file("README.md", 5), file("simple/1/model.onnx", 100), file("simple/config.pbtxt", 20),
                file("simple/2/model.onnx", 300), file("another/x", 1)));

        assertThat(tree.getRootItems()).extracting(ArtifactNode::path).containsExactly("another", "simple", "README.md");
        ArtifactNode simple = tree.getRootItems().get(1);
        assertThat(simple.folder()).isTrue();
        assertThat(simple.size()).isEqualTo(420);
        assertThat(tree.getChildren(simple)).extracting(ArtifactNode::name).containsExactly("1", "2", "config.pbtxt");
        ArtifactNode two = tree.getChildren(simple).get(1);
        assertThat(two.size()).isEqualTo(300);
        assertThat(tree.getChildren(two)).singleElement().satisfies(n -> {
            assertThat(n.path()).isEqualTo("simple/2/model.onnx");
            assertThat(n.folder()).isFalse();
        });
    }
}
