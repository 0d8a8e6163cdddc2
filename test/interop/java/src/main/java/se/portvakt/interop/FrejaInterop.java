// Verisec's FrejaEidClient as a line-by-line shim: one JSON command per stdin line, one JSON answer per
// stdout line. The node test (test/interop/freja-java.test.ts) decides what to do and asserts on what the
// SDK parsed; this file only calls the SDK and writes its beans' getters out as JSON.
//
// Usage: java -cp <classpath> FrejaInterop.java <apiUrl> <keystore.p12> <serverCa.pem>, with the keystore
// passphrase in FREJA_KEYSTORE_PASS.
package se.portvakt.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.verisec.frejaeid.client.beans.authentication.cancel.CancelAuthenticationRequest;
import com.verisec.frejaeid.client.beans.authentication.get.AuthenticationResult;
import com.verisec.frejaeid.client.beans.authentication.get.AuthenticationResultRequest;
import com.verisec.frejaeid.client.beans.authentication.init.InitiateAuthenticationRequest;
import com.verisec.frejaeid.client.beans.authentication.init.InitiateAuthenticationRequestBuilders;
import com.verisec.frejaeid.client.beans.general.AddressInfo;
import com.verisec.frejaeid.client.beans.general.RequestedAttributes;
import com.verisec.frejaeid.client.beans.general.SslSettings;
import com.verisec.frejaeid.client.beans.general.SsnUserInfo;
import com.verisec.frejaeid.client.client.api.AuthenticationClientApi;
import com.verisec.frejaeid.client.client.impl.AuthenticationClient;
import com.verisec.frejaeid.client.enums.AttributeToReturn;
import com.verisec.frejaeid.client.enums.Country;
import com.verisec.frejaeid.client.enums.FrejaEnvironment;
import com.verisec.frejaeid.client.enums.MinRegistrationLevel;
import com.verisec.frejaeid.client.exceptions.FrejaEidException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class FrejaInterop {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        SslSettings ssl = SslSettings.create(args[1], System.getenv("FREJA_KEYSTORE_PASS"), args[2]);
        AuthenticationClientApi client = AuthenticationClient.create(ssl, FrejaEnvironment.TEST)
                .setTestModeCustomUrl(args[0])
                .setPollingTimeout(1000)
                .build();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println(JSON.writeValueAsString(Map.of("ok", true, "ready", true)));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            Map<String, Object> answer;
            try {
                answer = run(client, JSON.readTree(line));
            } catch (FrejaEidException e) {
                answer = failure("FrejaEidException", e.getErrorCode(), e.getMessage());
            } catch (Exception e) {
                answer = failure(e.getClass().getSimpleName(), null, String.valueOf(e.getMessage()));
            }
            System.out.println(JSON.writeValueAsString(answer));
        }
    }

    private static Map<String, Object> run(AuthenticationClientApi client, JsonNode command) throws Exception {
        String authRef = command.path("authRef").asText();
        switch (command.path("op").asText()) {
            case "initiate":
                return ok("authRef", client.initiate(initiateRequest(command)));
            case "getResult":
                return ok("result", describe(client.getResult(AuthenticationResultRequest.create(authRef))));
            case "pollForResult":
                return ok("result", describe(client.pollForResult(AuthenticationResultRequest.create(authRef),
                        command.path("seconds").asInt(30))));
            case "cancel":
                client.cancel(CancelAuthenticationRequest.create(authRef));
                return ok("cancelled", true);
            default:
                throw new IllegalArgumentException("unknown op " + command.path("op").asText());
        }
    }

    private static InitiateAuthenticationRequest initiateRequest(JsonNode command) throws Exception {
        List<AttributeToReturn> attributes = new ArrayList<>();
        command.path("attributes").forEach(name -> attributes.add(AttributeToReturn.valueOf(name.asText())));
        SsnUserInfo ssn = SsnUserInfo.create(Country.SWEDEN, command.path("ssn").asText());
        MinRegistrationLevel level = MinRegistrationLevel.valueOf(command.path("minRegistrationLevel").asText());
        InitiateAuthenticationRequestBuilders.SetOptionalParamsBuilder builder =
                InitiateAuthenticationRequest.createCustom().setSsn(ssn).setMinRegistrationLevel(level);
        // The SDK refuses an empty list; leaving it out sends no attributesToReturn at all.
        if (!attributes.isEmpty()) builder.setAttributesToReturn(attributes.toArray(new AttributeToReturn[0]));
        return builder.build();
    }

    private static Map<String, Object> describe(AuthenticationResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("authRef", result.getAuthRef());
        out.put("status", result.getStatus().name());
        out.put("details", result.getDetails());
        RequestedAttributes attributes = result.getRequestedAttributes();
        if (attributes != null) out.put("requestedAttributes", describe(attributes));
        return out;
    }

    private static Map<String, Object> describe(RequestedAttributes attributes) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (attributes.getBasicUserInfo() != null) {
            out.put("name", attributes.getBasicUserInfo().getName());
            out.put("surname", attributes.getBasicUserInfo().getSurname());
        }
        if (attributes.getSsn() != null) {
            out.put("ssn", attributes.getSsn().getSsn());
            out.put("ssnCountry", attributes.getSsn().getCountry().getCountryCode());
        }
        out.put("dateOfBirth", attributes.getDateOfBirth());
        out.put("emailAddress", attributes.getEmailAddress());
        out.put("age", attributes.getAge());
        if (attributes.getRegistrationLevel() != null)
            out.put("registrationLevel", attributes.getRegistrationLevel().name());
        if (attributes.getAddresses() != null) {
            List<Map<String, Object>> addresses = new ArrayList<>();
            for (AddressInfo address : attributes.getAddresses()) addresses.add(describe(address));
            out.put("addresses", addresses);
        }
        return out;
    }

    private static Map<String, Object> describe(AddressInfo address) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("country", address.getCountry().getCountryCode());
        out.put("city", address.getCity());
        out.put("postCode", address.getPostCode());
        out.put("address1", address.getAddress1());
        out.put("validFrom", address.getValidFrom());
        out.put("type", address.getType().name());
        out.put("sourceType", address.getSourceType().name());
        return out;
    }

    private static Map<String, Object> ok(String key, Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        out.put(key, value);
        return out;
    }

    private static Map<String, Object> failure(String type, Integer code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", false);
        out.put("error", error);
        return out;
    }
}
