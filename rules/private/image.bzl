"""forge_image and forge_image_push: OCI images of Forge apps, no Dockerfile."""

load(":stamp.bzl", "STAMP_ATTRS", "stamped")

ForgeImageInfo = provider(
    doc = "An OCI image built by forge_image.",
    fields = {
        "layout": "The OCI layout directory (a tree artifact).",
        "digest": "A file holding the manifest's digest, sha256:….",
    },
)

# OCI annotation keys, from the stamp keys of tools/workspace_status.sh.
_STAMP_LABELS = {
    "org.opencontainers.image.created": "STABLE_FORGE_DATE",
    "org.opencontainers.image.revision": "STABLE_FORGE_COMMIT",
    "org.opencontainers.image.version": "STABLE_FORGE_VERSION",
}

def _app_name(ctx):
    if ctx.attr.app_name:
        return ctx.attr.app_name
    return ctx.label.package.split("/")[-1] or ctx.label.name

def _forge_image_impl(ctx):
    name = _app_name(ctx)
    layout = ctx.actions.declare_directory(ctx.label.name + ".layout")
    tarball = ctx.actions.declare_file(ctx.label.name + ".docker.tar")
    digest = ctx.actions.declare_file(ctx.label.name + ".sha256")

    args = ctx.actions.args()
    args.add("build")
    args.add("--binary", ctx.file.binary)
    args.add("--name", name)
    args.add_all(ctx.attr.ports, before_each = "--port")
    labels = dict(ctx.attr.labels)
    if ctx.attr.source:
        labels["org.opencontainers.image.source"] = ctx.attr.source
    args.add_all(["%s=%s" % (k, labels[k]) for k in sorted(labels)], before_each = "--label")
    inputs = [ctx.file.binary]
    if ctx.file.base:
        args.add("--base", ctx.file.base.path)
        inputs.append(ctx.file.base)
    if stamped(ctx):
        args.add("--stamp-file", ctx.info_file)
        args.add_all(["%s=%s" % (k, _STAMP_LABELS[k]) for k in sorted(_STAMP_LABELS)], before_each = "--label-from-stamp")
        inputs.append(ctx.info_file)
    args.add("--out-layout", layout.path)
    args.add("--out-tarball", tarball)
    args.add("--repo-tag", ctx.attr.repo_tag or "%s:latest" % name)
    args.add("--out-digest", digest)
    ctx.actions.run(
        executable = ctx.executable._tool,
        arguments = [args],
        inputs = inputs,
        outputs = [layout, tarball, digest],
        mnemonic = "ForgeImage",
        progress_message = "Building the OCI image %s" % ctx.label,
    )
    return [
        DefaultInfo(files = depset([layout])),
        OutputGroupInfo(tarball = depset([tarball]), digest = depset([digest])),
        ForgeImageInfo(layout = layout, digest = digest),
    ]

_forge_image = rule(
    implementation = _forge_image_impl,
    doc = "Builds an OCI image of a Forge binary; see the forge_image macro.",
    attrs = dict({
        "app_name": attr.string(doc = "The binary's name in the image, /<app_name>. Defaults to the package's last path element."),
        "base": attr.label(
            doc = "An OCI layout directory to build on. Defaults to none: a scratch image, which is enough for a static Go binary.",
            allow_single_file = True,
        ),
        "binary": attr.label(
            doc = "The app's binary, usually a forge_binary (pure Go, static).",
            allow_single_file = True,
            mandatory = True,
        ),
        "labels": attr.string_dict(doc = "Image labels (OCI annotations) to add."),
        "ports": attr.string_list(
            doc = "Exposed ports, \"8080\" or \"8080/tcp\". Defaults to the default http.addr of runtime/config.",
            default = ["8080"],
        ),
        "repo_tag": attr.string(doc = "The repository:tag of the docker tarball (docker load). Defaults to <app_name>:latest."),
        "source": attr.string(doc = "The org.opencontainers.image.source label: the app's source repository URL."),
        "_tool": attr.label(
            default = Label("//forge/cmd/forge-image"),
            executable = True,
            cfg = "exec",
        ),
    }, **STAMP_ATTRS),
)

def forge_image(name, **kwargs):
    """An OCI image of a Forge app, built without a Dockerfile or a Docker engine.

    The image runs the binary as user 65532 on a scratch base (or `base`),
    with the entrypoint /<app_name>, the exposed `ports`, and a health check
    that runs the binary's own `healthcheck` subcommand. Under --stamp its
    labels org.opencontainers.image.version, revision and created come from
    STABLE_FORGE_VERSION, STABLE_FORGE_COMMIT and STABLE_FORGE_DATE. Files
    are sorted with fixed times, so the same binary gives the same digest.

    Targets:
      <name>: the OCI layout directory.
      <name>.tar: a tarball for `docker load`.
      <name>.digest: a file holding the image's digest, sha256:….

    ```starlark
    forge_image(
        name = "image",
        binary = ":bin",
        source = "https://github.com/example/shop",
    )
    ```

    Args:
      name: the target name, conventionally "image".
      **kwargs: the attributes of the rule: binary, base, app_name, ports,
        labels, source, repo_tag, stamp, and the common ones (visibility, tags).
    """
    _forge_image(name = name, **kwargs)
    common = {k: kwargs[k] for k in ["visibility", "tags", "testonly"] if k in kwargs}
    native.filegroup(name = name + ".tar", srcs = [name], output_group = "tarball", **common)
    native.filegroup(name = name + ".digest", srcs = [name], output_group = "digest", **common)

def _shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"

def _forge_image_push_impl(ctx):
    image = ctx.attr.image[ForgeImageInfo]
    stamp = stamped(ctx)
    tags = [t for t in ctx.attr.tags_to_push if stamp or "{" not in t]
    if not tags and not ctx.file.tags_file:
        tags = ["latest"]

    argv = [
        ctx.executable._tool.short_path,
        "push",
        "--layout",
        image.layout.short_path,
        "--repository",
        ctx.attr.repository,
    ]
    for t in tags:
        argv.extend(["--tag", t])
    runfiles = [ctx.executable._tool, image.layout]
    if ctx.file.tags_file:
        argv.extend(["--tags-file", ctx.file.tags_file.short_path])
        runfiles.append(ctx.file.tags_file)
    if stamp:
        argv.extend(["--stamp-file", ctx.info_file.short_path])
        runfiles.append(ctx.info_file)
    if ctx.attr.insecure:
        argv.append("--insecure")

    launcher = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(
        output = launcher,
        content = "#!/usr/bin/env bash\nset -euo pipefail\nexec " + " ".join([_shell_quote(a) for a in argv]) + ' "$@"\n',
        is_executable = True,
    )
    return [DefaultInfo(
        executable = launcher,
        runfiles = ctx.runfiles(files = runfiles).merge(ctx.attr._tool[DefaultInfo].default_runfiles),
    )]

forge_image_push = rule(
    implementation = _forge_image_push_impl,
    executable = True,
    doc = """Pushes a forge_image to a registry: `bazel run //app:image_push`.

Credentials come from the usual Docker configuration (~/.docker/config.json
and its credential helpers), through go-containerregistry's default
keychain. The image is pushed by digest, then tagged; the pushed
repository@digest is printed on stdout.

A tag may name stamp keys, `{STABLE_FORGE_VERSION}`: they are expanded
under --stamp, and such tags are left out otherwise. With no tag left, the
image is tagged `latest`.

```starlark
forge_image_push(
    name = "image_push",
    image = ":image",
    repository = "registry.example.com/shop",
    tags_to_push = ["latest", "{STABLE_FORGE_VERSION}"],
)
```
""",
    attrs = dict({
        "image": attr.label(
            doc = "The forge_image to push.",
            providers = [ForgeImageInfo],
            mandatory = True,
        ),
        "insecure": attr.bool(doc = "Push over plain HTTP. Loopback and private-address registries get HTTP without it."),
        "repository": attr.string(
            doc = "The repository to push to, host[:port]/path.",
            mandatory = True,
        ),
        "tags_file": attr.label(
            doc = "A file of tags, one per line, such as one written by another rule; stamp keys are expanded in it under --stamp.",
            allow_single_file = True,
        ),
        "tags_to_push": attr.string_list(doc = "Tags to push; see the rule's doc for stamp keys. (Not `tags`, which Bazel reserves.)"),
        "_tool": attr.label(
            default = Label("//forge/cmd/forge-image"),
            executable = True,
            cfg = "target",
        ),
    }, **STAMP_ATTRS),
)
