package deploy

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"
)

// TestKustomizeBuildsWhatTheTestsRead runs `kubectl kustomize` on each
// variant, when kubectl is installed, and checks that it yields the objects
// the other tests decode: the tests' reading of the kustomizations is
// kustomize's.
func TestKustomizeBuildsWhatTheTestsRead(t *testing.T) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("kubectl is not installed")
	}
	external, embedded := variants(t)
	for _, v := range []variant{external, embedded} {
		t.Run(v.dir, func(t *testing.T) {
			out, err := exec.Command(kubectl, "kustomize", filepath.Clean(v.dir)).CombinedOutput()
			if err != nil {
				t.Fatalf("kubectl kustomize %s: %v\n%s", v.dir, err, out)
			}
			var built []string
			for _, doc := range bytes.Split(out, []byte("\n---\n")) {
				var o struct {
					metav1.TypeMeta   `json:",inline"`
					metav1.ObjectMeta `json:"metadata"`
				}
				if err := yaml.Unmarshal(doc, &o); err != nil {
					t.Fatal(err)
				}
				built = append(built, o.Kind+"/"+o.Name)
			}
			var read []string
			for _, obj := range v.objects {
				o, ok := obj.(runtime.Object)
				if !ok {
					continue
				}
				m, err := metaOf(o)
				if err != nil {
					t.Fatal(err)
				}
				read = append(read, m)
			}
			slices.Sort(built)
			slices.Sort(read)
			if !slices.Equal(built, read) {
				t.Errorf("kustomize builds %v, the tests read %v", built, read)
			}
		})
	}
}

// metaOf names an object as Kind/name; decoded objects carry their kind.
func metaOf(o runtime.Object) (string, error) {
	m, ok := o.(metav1.Object)
	if !ok {
		return "", fmt.Errorf("%T has no metadata", o)
	}
	return o.GetObjectKind().GroupVersionKind().Kind + "/" + m.GetName(), nil
}
