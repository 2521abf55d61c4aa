#include "httpresponse.h"

#include <memory>

HttpResponse HttpResponse::fixed(int status, const QByteArray &contentType, const QByteArray &body)
{
    HttpResponse response;
    response.status = status;
    response.setHeader("Content-Type", contentType);
    response.contentLength = body.size();
    auto sent = std::make_shared<bool>(false);
    response.producer = [body, sent](Step &step) {
        if (*sent || body.isEmpty())
            return false;
        *sent = true;
        step.kind = Step::Kind::Data;
        step.data = body;
        return true;
    };
    return response;
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    const QByteArray lower = name.toLower();
    for (auto &[headerName, headerValue] : headers) {
        if (headerName.toLower() == lower) {
            headerValue = value;
            return;
        }
    }
    headers.append({name, value});
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    const QByteArray lower = name.toLower();
    for (const auto &[headerName, headerValue] : headers) {
        if (headerName.toLower() == lower)
            return headerValue;
    }
    return {};
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 499:
        return "Client Closed Request";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return status >= 500 ? "Server Error" : (status >= 400 ? "Client Error" : "OK");
    }
}
