package image

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"slices"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The user the app runs as: the "nonroot" user of distroless images, so
// that an app moved between scratch and a distroless base runs as the same
// uid.
const (
	nonrootUID = 65532
	user       = "65532:65532"
)

// epoch is the modification time of every file in the layer, and the
// image's creation time when no created label gives one. A constant keeps
// the layer's digest a function of the binary alone, whatever the stamp.
var epoch = time.Unix(0, 0).UTC()

// entry is one file or directory of the app layer.
type entry struct {
	name     string // relative, directories end in "/"
	mode     int64
	uid      int
	contents []byte
}

// appEntries lists the layer's files. On scratch (withSystemFiles) they are
// the binary plus the few files a non-root process expects; on a base the
// base owns /etc, /tmp and /home, and replacing its /etc/passwd would drop
// its users, so only the binary is added.
func appEntries(name string, binary []byte, withSystemFiles bool) []entry {
	entries := []entry{{name: name, mode: 0o555, contents: binary}}
	if withSystemFiles {
		entries = append(entries,
			entry{name: "etc/", mode: 0o755},
			entry{name: "etc/group", mode: 0o644, contents: []byte("root:x:0:\nnonroot:x:65532:\n")},
			entry{name: "etc/passwd", mode: 0o644, contents: []byte("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")},
			entry{name: "home/", mode: 0o755},
			entry{name: "home/nonroot/", mode: 0o700, uid: nonrootUID},
			entry{name: "tmp/", mode: 0o1777},
		)
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	return entries
}

// layerTar writes entries as an uncompressed tar with fixed times and
// owners and no user or group names, so that nothing of the machine that
// builds it leaks into the bytes.
func layerTar(entries []entry) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{
			Name:    e.name,
			Mode:    e.mode,
			Uid:     e.uid,
			Gid:     e.uid,
			ModTime: epoch,
			Format:  tar.FormatPAX,
		}
		if strings.HasSuffix(e.name, "/") {
			h.Typeflag = tar.TypeDir
		} else {
			h.Typeflag = tar.TypeReg
			h.Size = int64(len(e.contents))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(e.contents); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gzipLayer compresses a layer tar once, with a gzip header that carries
// no name and no time, and returns it as a v1.Layer. Compressing here
// rather than in go-containerregistry makes the fixed header explicit and
// avoids compressing the binary again for each output.
func gzipLayer(tarBytes []byte, mediaType types.MediaType) (v1.Layer, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return nil, err
	}
	// The zero Header (no Name, ModTime or Comment, OS 255) is what
	// NewWriterLevel sets; nothing here changes it.
	if _, err := zw.Write(tarBytes); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	compressed := buf.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(compressed)), nil
	}, tarball.WithMediaType(mediaType))
}
