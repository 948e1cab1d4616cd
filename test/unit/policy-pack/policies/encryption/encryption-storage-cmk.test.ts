import assert from "node:assert/strict";
import { encryptionStorageCmk } from "../../../../../policy-pack/policies/encryption/encryption-storage-cmk";
import { UNKNOWN, evaluateStack, type StackResourceCase } from "../../harness";
import { exemption, resource, stackKey } from "./stack-cases";

const INSTANCE = "aws:ec2/instance:Instance";
const TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const REPOSITORY = "aws:ecr/repository:Repository";

const evaluate = (cases: StackResourceCase[], config: Record<string, unknown> = {}) =>
  evaluateStack(encryptionStorageCmk, [stackKey(), ...cases], config);
const messages = async (cases: StackResourceCase[]) =>
  (await evaluate(cases)).violations.map((v) => v.message);

const encryptedDevice = { encrypted: true, kmsKeyId: UNKNOWN };
const instance = (props: Record<string, unknown>, deps: Record<string, string[]> = {}) =>
  resource(INSTANCE, "app", { ami: "ami-123", instanceType: "t3.micro", ...props }, deps);

describe("encryption-storage-cmk", () => {
  describe("compliant", () => {
    it("accepts an instance whose root and EBS devices use a stack key", async () => {
      const app = instance(
        {
          rootBlockDevice: encryptedDevice,
          ebsBlockDevices: [{ deviceName: "/dev/sdf", ...encryptedDevice }],
        },
        { rootBlockDevice: ["data-key"], ebsBlockDevices: ["data-key"] },
      );
      assert.deepEqual(await evaluate([app]), { violations: [] });
    });

    it("leaves the root volume of an instance launched from a template to the template", async () => {
      const template = resource(
        TEMPLATE,
        "app-template",
        { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: UNKNOWN } }] },
        { blockDeviceMappings: ["data-key"] },
      );
      const app = instance({ launchTemplate: { id: UNKNOWN } }, { launchTemplate: ["app-template"] });
      assert.deepEqual(await evaluate([template, app]), { violations: [] });
    });

    it("accepts EBS, EFS, ECR and Backup with stack keys", async () => {
      const cases = [
        resource(
          "aws:ebs/volume:Volume",
          "data",
          { encrypted: true, kmsKeyId: UNKNOWN },
          { kmsKeyId: ["data-key"] },
        ),
        resource(
          "aws:efs/fileSystem:FileSystem",
          "shared",
          { encrypted: true, kmsKeyId: UNKNOWN },
          { kmsKeyId: ["data-key"] },
        ),
        resource(
          REPOSITORY,
          "images",
          { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: UNKNOWN }] },
          { encryptionConfigurations: ["data-key"] },
        ),
        resource("aws:backup/vault:Vault", "backups", { kmsKeyArn: UNKNOWN }, { kmsKeyArn: ["data-key"] }),
      ];
      assert.deepEqual(await evaluate(cases), { violations: [] });
    });
  });

  describe("violating", () => {
    it("reports an instance that does not say how its root volume is encrypted", async () => {
      assert.deepEqual(await messages([instance({})]), [
        "rootBlockDevice.encrypted is not set; expected true, with rootBlockDevice.kmsKeyId set to a customer-managed KMS key.",
      ]);
    });

    it("names the offending EBS device by index", async () => {
      const app = instance(
        {
          rootBlockDevice: encryptedDevice,
          ebsBlockDevices: [{ deviceName: "/dev/sdf", ...encryptedDevice }, { deviceName: "/dev/sdg" }],
        },
        { rootBlockDevice: ["data-key"], ebsBlockDevices: ["data-key"] },
      );
      const verdict = await evaluate([app]);
      assert.deepEqual(
        verdict.violations.map((v) => v.message.split(";")[0]),
        ["ebsBlockDevices[1].encrypted is not set"],
      );
    });

    it("still checks an instance's own rootBlockDevice when it also has a launch template", async () => {
      const app = instance({ launchTemplate: { name: "t" }, rootBlockDevice: { encrypted: false } });
      assert.match((await messages([app]))[0], /^rootBlockDevice.encrypted is false/);
    });

    it("reports a launch template without any EBS mapping", async () => {
      const template = resource(TEMPLATE, "app-template", {
        blockDeviceMappings: [{ deviceName: "/dev/sdb", virtualName: "ephemeral0" }],
      });
      assert.match(
        (await messages([template]))[0],
        /^no blockDeviceMappings entry sets ebs, so volumes take the AMI snapshots' encryption/,
      );
    });

    it("reports ECR with AES256 or without encryption settings", async () => {
      const found = await messages([
        resource(REPOSITORY, "plain", {}),
        resource(REPOSITORY, "aes", { encryptionConfigurations: [{ encryptionType: "AES256" }] }),
      ]);
      assert.deepEqual(
        found.map((m) => m.split(";")[0]),
        [
          "encryptionConfigurations is not set, so ECR encrypts images with AES256",
          'encryptionConfigurations[0].encryptionType is "AES256"',
        ],
      );
    });

    it("reports an EBS volume encrypted with aws/ebs", async () => {
      const [message] = await messages([resource("aws:ebs/volume:Volume", "data", { encrypted: true })]);
      assert.match(
        message,
        /^kmsKeyId is not set, so the AWS managed key aws\/ebs \(or the account's default EBS key\) is used/,
      );
    });
  });

  describe("unknown during preview", () => {
    it("treats provider-computed device lists (unknown, built from nothing) as absent", async () => {
      const app = instance(
        { rootBlockDevice: encryptedDevice, ebsBlockDevices: UNKNOWN },
        { rootBlockDevice: ["data-key"] },
      );
      assert.deepEqual(await evaluate([app]), { violations: [] });
    });

    it("decides a device list that is unknown as a whole but built from a stack key", async () => {
      const app = instance(
        { rootBlockDevice: UNKNOWN, ebsBlockDevices: UNKNOWN },
        { rootBlockDevice: ["data-key"], ebsBlockDevices: ["data-key"] },
      );
      assert.deepEqual(await evaluate([app]), { violations: [] });
    });

    it("cannot tell whether an unknown launch template provides the root volume", async () => {
      const app = instance({ launchTemplate: UNKNOWN }, { launchTemplate: ["app-template"] });
      const verdict = await evaluate([resource(TEMPLATE, "app-template", {}), app]);
      const message = verdict.violations.find((v) => v.urn?.endsWith("::app"))?.message;
      assert.match(
        message ?? "",
        /This applies only if the instance sets rootBlockDevice or has no launchTemplate, which is unknown during preview\.$/,
      );
    });
  });

  describe("malformed input", () => {
    it("reports devices that are not objects", async () => {
      const app = instance(
        { rootBlockDevice: encryptedDevice, ebsBlockDevices: ["sdf"] },
        { rootBlockDevice: ["data-key"] },
      );
      assert.match((await messages([app]))[0], /^ebsBlockDevices\[0\].encrypted is not set/);
    });
  });

  describe("exemptions", () => {
    it("exempts a resource with a valid exemption", async () => {
      const verdict = await evaluate([resource(REPOSITORY, "plain", {})], {
        exemptions: [exemption(REPOSITORY, "plain")],
      });
      assert.deepEqual(verdict.violations, []);
      assert.match(verdict.notApplicable ?? "", /^exempted .*::plain: Migration/);
    });
  });
});
