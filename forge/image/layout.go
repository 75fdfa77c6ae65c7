package image

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// ReadLayout returns the one image in the OCI layout directory dir,
// looking into nested indexes. With a platform, images whose descriptor
// names another OS or architecture are skipped, so that a multi-platform
// base (such as a pulled distroless index) can be used; without one, the
// layout must hold a single image, as those WriteLayout writes do.
func ReadLayout(dir string, platform *v1.Platform) (v1.Image, error) {
	index, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		return nil, fmt.Errorf("read OCI layout %s: %w", dir, err)
	}
	var found []v1.Image
	if err := collectImages(index, platform, &found); err != nil {
		return nil, fmt.Errorf("read OCI layout %s: %w", dir, err)
	}
	what := "image"
	if platform != nil {
		what = "image for " + platform.OS + "/" + platform.Architecture
	}
	if len(found) != 1 {
		return nil, fmt.Errorf("OCI layout %s: want exactly one %s, found %d", dir, what, len(found))
	}
	return found[0], nil
}

// collectImages appends the images of index that match platform.
func collectImages(index v1.ImageIndex, platform *v1.Platform, found *[]v1.Image) error {
	im, err := index.IndexManifest()
	if err != nil {
		return err
	}
	for _, d := range im.Manifests {
		switch {
		case d.MediaType.IsIndex():
			child, err := index.ImageIndex(d.Digest)
			if err != nil {
				return err
			}
			if err := collectImages(child, platform, found); err != nil {
				return err
			}
		case d.MediaType.IsImage():
			if platform != nil && d.Platform != nil &&
				(d.Platform.OS != platform.OS || d.Platform.Architecture != platform.Architecture) {
				continue
			}
			img, err := index.Image(d.Digest)
			if err != nil {
				return err
			}
			*found = append(*found, img)
		}
	}
	return nil
}

// WriteLayout writes img as an OCI layout to dir, which must be empty or
// not exist: stale blobs or a stale index.json would otherwise end up in
// the output.
func WriteLayout(dir string, img v1.Image) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	_, err = f.Readdirnames(1)
	f.Close()
	if err == nil {
		return fmt.Errorf("%s is not empty", dir)
	}
	if !errors.Is(err, io.EOF) {
		return err
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	return p.AppendImage(img)
}

// WriteTarball writes img to path as a tarball that docker load accepts,
// tagged repoTag ("app:latest"); a repoTag without a tag gets ":latest".
func WriteTarball(path, repoTag string, img v1.Image) error {
	tag, err := name.NewTag(repoTag)
	if err != nil {
		return fmt.Errorf("repo tag %q: %w", repoTag, err)
	}
	return tarball.WriteToFile(path, tag, img)
}

// WriteDigest writes img's manifest digest ("sha256:…", no newline) to
// path, so that a rule or script can use "repo@$(cat file)".
func WriteDigest(path string, img v1.Image) error {
	d, err := img.Digest()
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(d.String()), 0o644)
}
