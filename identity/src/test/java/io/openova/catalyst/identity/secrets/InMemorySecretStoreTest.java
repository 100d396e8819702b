package io.openova.catalyst.identity.secrets;

class InMemorySecretStoreTest extends SecretStoreContract {

    @Override
    SecretStore store() {
        return new InMemorySecretStore();
    }
}
