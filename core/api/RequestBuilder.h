#pragma once
// Builds the HTTP requests of the embeddings API.
//
// OpenAI and compatible servers (Ollama, vLLM, TEI, LiteLLM, the built-in simulator):
//   POST {baseUrl}/embeddings
//   Authorization: Bearer {apiKey}            (left out when the key is empty)
// Azure OpenAI (ApiFlavor::Azure; baseUrl is the resource endpoint, e.g.
// https://NAME.openai.azure.com, and the model is the deployment name):
//   POST {baseUrl}/openai/deployments/{model}/embeddings?api-version={azureApiVersion}
//   api-key: {apiKey}
// Body: {"model":…,"input":[…],"encoding_format":"base64"|"float"[,"dimensions":N]}, with
// `dimensions` only when EmbeddingSettings::sendDimensions(). Texts are written as JSON
// strings straight from their UTF-8; an invalid UTF-8 sequence becomes U+FFFD.

#include "api/ApiTypes.h"
#include "config/AppConfig.h"

#include <QNetworkRequest>
#include <QUrl>

namespace ec {

class RequestBuilder
{
public:
    RequestBuilder(const ApiSettings& api, const EmbeddingSettings& embedding);

    /// The URL every embeddings request goes to.
    QUrl endpoint() const { return m_endpoint; }
    /// The request (URL, headers, transfer timeout) shared by every call.
    QNetworkRequest request() const;
    /// The JSON body for the inputs picked by `indices`.
    QByteArray body(const QVector<EmbeddingInput>& inputs, const QVector<int>& indices) const;

    /// Appends `utf8` as a quoted JSON string.
    static void appendJsonString(QByteArray& out, QByteArrayView utf8);
    /// The embeddings endpoint for these settings.
    static QUrl endpointFor(const ApiSettings& api, const EmbeddingSettings& embedding);

private:
    ApiSettings m_api;
    EmbeddingSettings m_embedding;
    QUrl m_endpoint;
    QByteArray m_prefix; ///< {"model":…,"encoding_format":…,["dimensions":…,]"input":[
};

} // namespace ec
