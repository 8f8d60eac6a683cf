// AmericanClient
