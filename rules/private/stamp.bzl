"""Whether the build is stamped (--stamp), as a provider rules can read.

A rule cannot read a command-line flag directly; a config_setting on
`stamp` can. This is the usual pattern (rules_go and aspect_bazel_lib do
the same), written with APIs that Bazel 4 and Bazel 7/8 share.
"""

StampSettingInfo = provider(
    doc = "Whether --stamp is on.",
    fields = {"value": "True when the build is stamped."},
)

def _stamp_setting_impl(ctx):
    return [StampSettingInfo(value = ctx.attr.value)]

stamp_setting = rule(
    implementation = _stamp_setting_impl,
    doc = "Carries the value of --stamp; instantiated once in //rules/private.",
    attrs = {
        "value": attr.bool(doc = "select()ed on the stamp config_setting."),
    },
)

STAMP_ATTRS = {
    "stamp": attr.int(
        doc = "1: always stamp; 0: never; -1 (the default): stamp when the build runs with --stamp.",
        default = -1,
        values = [-1, 0, 1],
    ),
    "_stamp_setting": attr.label(
        default = Label("//rules/private:stamp"),
        providers = [StampSettingInfo],
    ),
}

def stamped(ctx):
    """Returns True when ctx's rule should read the workspace status files.

    Args:
      ctx: the rule context of a rule with STAMP_ATTRS.

    Returns:
      Whether to stamp.
    """
    if ctx.attr.stamp == 1:
        return True
    if ctx.attr.stamp == 0:
        return False
    return ctx.attr._stamp_setting[StampSettingInfo].value
