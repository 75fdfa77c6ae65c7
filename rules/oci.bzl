"""Interop with rules_oci, for teams that build every image with it.

    load("@forge//rules:oci.bzl", "forge_oci_image")

forge_oci_image hands a Forge binary to rules_oci's oci_image as one layer,
with the configuration forge_image uses (user 65532, entrypoint, ports).
oci_image has no health check attribute; orchestrators probe the admin
server's /healthz instead. It needs rules_oci and a base image from the team's own
setup (oci_pull, or a distroless base), and rules_pkg for the layer.

It is not built or tested in Forge's CI: rules_oci and rules_pkg cannot be
fetched on the machines Forge's harness runs on. forge_image is the tested
path; use this macro where rules_oci is already the standard.
"""

load("@rules_oci//oci:defs.bzl", "oci_image")
load("@rules_pkg//pkg:tar.bzl", "pkg_tar")

def forge_oci_image(name, binary, base, app_name, ports = ["8080"], labels = {}, **kwargs):
    """An oci_image of a Forge binary.

    ```starlark
    forge_oci_image(
        name = "image",
        binary = ":bin",
        base = "@distroless_static",
        app_name = "shop",
    )

    oci_push(name = "image_push", image = ":image", repository = "…", remote_tags = ["latest"])
    ```

    Args:
      name: the oci_image's name.
      binary: the app's forge_binary.
      base: the base image (an oci_image or oci_pull target).
      app_name: the binary's name in the image, /<app_name>.
      ports: exposed ports, as forge_image's.
      labels: image labels.
      **kwargs: passed to oci_image.
    """
    pkg_tar(
        name = name + "_layer",
        files = {binary: app_name},
        mode = "0555",
        mtime = 0,
        owner = "0.0",
    )
    oci_image(
        name = name,
        base = base,
        tars = [":" + name + "_layer"],
        entrypoint = ["/" + app_name],
        user = "65532:65532",
        exposed_ports = ports,
        labels = labels,
        **kwargs
    )
