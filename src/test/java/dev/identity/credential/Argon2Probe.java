package dev.identity.credential;

/** Run by VectorArgon2Test in JVMs of their own: verifies a known hash, then prints what computed it. */
public final class Argon2Probe {

    private Argon2Probe() {
    }

    public static void main(String[] args) {
        String known = "$argon2id$v=19$m=4096,t=1,p=1$of2nZetztEymlBoediuD/g$o6JWpeoT8J+PDU3QUKruitHCeZi3/u6RNQSe3exXXN8";
        if (!new Argon2id(4096, 1, 1).verify("Violet-Harbor-Lantern-42", known)) {
            System.exit(1);
        }
        System.out.println(Argon2id.implementation());
    }
}
