/**
 * Import first in handler tests: silences the AWS SDK's Node-version support notice (Node 20 is
 * this project's runtime and Lambda's nodejs20.x), which would otherwise clutter test output.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
