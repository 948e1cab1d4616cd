/**
 * PCI DSS v4.0.1 requirements referenced by FinGuard policies, with short paraphrased titles
 * (the standard's own text is the PCI SSC's; read it there). Policies cite requirements by ID
 * so a typo is a compile error and every report can print the title.
 */
export const PCI_DSS = { name: "PCI DSS", version: "4.0.1" } as const;

export const PCI_REQUIREMENTS = {
  "1.3.1": "Inbound traffic to the cardholder data environment is restricted to what is necessary.",
  "1.3.2": "Outbound traffic from the cardholder data environment is restricted to what is necessary.",
  "1.4.1": "Network security controls are implemented between trusted and untrusted networks.",
  "1.4.2":
    "Inbound traffic from untrusted networks is restricted to authorized, publicly accessible services.",
  "1.4.4":
    "System components that store cardholder data are not directly accessible from untrusted networks.",
  "1.4.5": "Disclosure of internal IP addresses and routing information is limited to authorized parties.",
  "2.2.1": "Configuration standards are developed, implemented and maintained for all system components.",
  "3.2.1": "Account data storage is kept to a minimum through retention and disposal policies.",
  "3.5.1": "The primary account number is rendered unreadable wherever it is stored.",
  "3.5.1.2": "Disk-level encryption alone is not used to render stored account data unreadable.",
  "3.6.1": "Procedures protect cryptographic keys used to protect stored account data.",
  "3.6.1.2":
    "Secret and private keys are stored in approved forms (encrypted with a key-encrypting key, in an HSM...).",
  "3.6.1.3":
    "Access to cleartext cryptographic key components is restricted to the fewest custodians necessary.",
  "3.7.4": "Cryptographic keys are changed at the end of their defined cryptoperiod.",
  "3.7.5":
    "Keys are retired, replaced or destroyed when their integrity is weakened or they are no longer needed.",
  "6.5.3": "Pre-production environments are separated from production environments.",
  "6.5.4": "Roles and functions are separated between production and pre-production environments.",
  "6.5.6": "Test data and test accounts are removed before a system goes into production.",
  "7.2.1": "An access control model defines access according to job function and least privilege.",
  "7.2.2":
    "Access is assigned based on job classification and function, with the least privileges necessary.",
  "7.2.5": "System and application accounts are assigned the least privileges necessary.",
  "7.2.5.1": "Access by system and application accounts is reviewed periodically.",
  "7.3.1": "An access control system restricts access based on a user's need to know.",
  "7.3.3": "The access control system is set to deny all by default.",
  "8.2.2": "Shared, group or generic accounts are used only when necessary and are managed.",
  "10.2.1": "Audit logs are enabled and active for all system components and cardholder data.",
  "10.3.2": "Audit log files are protected from unauthorized modification.",
  "10.3.3": "Audit log files are promptly backed up to a secure, central store.",
  "10.3.4": "File integrity monitoring or change detection protects audit logs.",
  "10.5.1":
    "Audit log history is retained for at least 12 months, the most recent three months immediately available.",
  "11.5.1": "Intrusion-detection or -prevention techniques detect or prevent intrusions into the network.",
  "12.5.1": "An inventory of in-scope system components is maintained and kept current.",
  "12.5.2": "PCI DSS scope is documented and confirmed at least annually and on significant change.",
} as const;

export type RequirementId = keyof typeof PCI_REQUIREMENTS;

/** The framework block @pulumi/policy attaches to a policy: IDs in `reference`, titles in `specification`. */
export function pciFramework(requirements: readonly RequirementId[]): {
  name: string;
  version: string;
  reference: string;
  specification: string;
} {
  return {
    name: PCI_DSS.name,
    version: PCI_DSS.version,
    reference: requirements.join(", "),
    specification: requirements.map((id) => `${id} ${PCI_REQUIREMENTS[id]}`).join("\n"),
  };
}
