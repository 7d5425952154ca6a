package io.rocketconnect.testbroker;

/**
 * The ACL accounts of a test broker: an admin, and optionally a second account that may subscribe to
 * every topic but send to none. Written as a 4.x plain_acl.yml, which a 5.x broker imports.
 */
public record BrokerAccounts(String adminKey, String adminSecret, String subscribeOnlyKey, String subscribeOnlySecret) {

    String plainAclYaml() {
        StringBuilder acl = new StringBuilder("globalWhiteRemoteAddresses:\n"
                + "accounts:\n"
                + "- accessKey: " + adminKey + "\n"
                + "  secretKey: " + adminSecret + "\n"
                + "  whiteRemoteAddress:\n"
                + "  admin: true\n");
        if (subscribeOnlyKey != null) {
            acl.append("- accessKey: ").append(subscribeOnlyKey).append("\n")
                    .append("  secretKey: ").append(subscribeOnlySecret).append("\n")
                    .append("  whiteRemoteAddress:\n")
                    .append("  admin: false\n")
                    .append("  defaultTopicPerm: SUB\n")
                    .append("  defaultGroupPerm: SUB\n");
        }
        return acl.toString();
    }
}
