"""forge_binary: a go_binary stamped with runtime/buildinfo."""

load("@io_bazel_rules_go//go:def.bzl", "go_binary")

_BUILDINFO = "github.com/forge-framework/forge/runtime/buildinfo"

# Only STABLE_ keys: they re-link only when they change, and the date is the
# commit's (tools/workspace_status.sh), so rebuilding a commit is identical.
STAMP_X_DEFS = {
    _BUILDINFO + ".Commit": "{STABLE_FORGE_COMMIT}",
    _BUILDINFO + ".Date": "{STABLE_FORGE_DATE}",
    _BUILDINFO + ".Version": "{STABLE_FORGE_VERSION}",
}

def forge_binary(name, x_defs = {}, pure = "on", static = "on", **kwargs):
    """A go_binary for a Forge app, stamped under --stamp.

    With `bazel build --stamp --workspace_status_command=tools/workspace_status.sh`
    the binary's runtime/buildinfo Version, Commit and Date come from the
    STABLE_FORGE_VERSION, STABLE_FORGE_COMMIT and STABLE_FORGE_DATE keys.
    Without --stamp rules_go leaves them unset, so the binary reports its
    constant defaults and the action stays cacheable. The binary is pure Go
    and static by default, so it runs on a scratch image.

    ```starlark
    forge_binary(
        name = "bin",
        embed = [":app_lib"],
    )
    ```

    Args:
      name: the target name, conventionally "bin".
      x_defs: more link-time definitions, added to the stamp keys.
      pure: go_binary's pure; "on" (no cgo) by default.
      static: go_binary's static; "on" by default.
      **kwargs: passed to go_binary (embed, deps, visibility, …).
    """
    defs = dict(STAMP_X_DEFS)
    defs.update(x_defs)
    go_binary(
        name = name,
        x_defs = defs,
        pure = pure,
        static = static,
        **kwargs
    )
