/** Small builders for IAM policy documents in tests. */
export const doc = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });
export const allow = (extra: Record<string, unknown> = {}) => ({ Effect: "Allow", ...extra });
export const deny = (extra: Record<string, unknown> = {}) => ({ Effect: "Deny", ...extra });

export const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
export const ROLE = "aws:iam/role:Role";
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
export const KMS_KEY = "aws:kms/key:Key";
export const ACCOUNT_ROOT = "arn:aws:iam::111122223333:root";
export const FAR_FUTURE = "2999-12-31";
