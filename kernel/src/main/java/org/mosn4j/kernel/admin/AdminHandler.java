package org.mosn4j.kernel.admin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches one admin HTTP request to its endpoint. Shared by all admin connections; runs on their event loops.
 * Responses of one connection are written in request order, also when an endpoint answers later from another
 * thread.
 */
@io.netty.channel.ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    /** The connection's last response, written or pending; the next one is written after it. */
    private static final AttributeKey<CompletableFuture<Void>> LAST_RESPONSE =
            AttributeKey.valueOf(AdminHandler.class, "lastResponse");

    private final AdminApi api;

    AdminHandler(AdminApi api) {
        this.api = api;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        CompletableFuture<AdminResponse> response = request.decoderResult().isSuccess()
                ? dispatch(request)
                : CompletableFuture.completedFuture(AdminResponse.text(HttpResponseStatus.BAD_REQUEST, "bad request\n"));
        CompletableFuture<Void> previous = ctx.channel().attr(LAST_RESPONSE).get();
        CompletableFuture<AdminResponse> inOrder = previous == null ? response : previous.thenCombine(response, (v, r) -> r);
        ctx.channel().attr(LAST_RESPONSE).set(inOrder.thenAccept(r -> write(ctx, r, keepAlive)).exceptionally(e -> {
            LOG.debug("admin connection {}: response not written: {}", ctx.channel().remoteAddress(), e.toString());
            return null;
        }));
    }

    private static void write(ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive) {
        ByteBuf body = ctx.alloc().buffer().writeBytes(response.body().getBytes(StandardCharsets.UTF_8));
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(), body);
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(out);
        } else {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** @return the response; never completes exceptionally (a failure becomes a 500 and a log line) */
    private CompletableFuture<AdminResponse> dispatch(FullHttpRequest request) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String path = query.path();
        if (path.equals("/")) {
            return CompletableFuture.completedFuture(AdminResponse.text(HttpResponseStatus.OK, api.help()));
        }
        AdminEndpoint endpoint = api.endpoint(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        if (endpoint == null) {
            return CompletableFuture.completedFuture(
                    AdminResponse.text(HttpResponseStatus.NOT_FOUND, "no admin API at " + path + "\n" + api.help()));
        }
        if (!endpoint.method().equals(request.method())) {
            return CompletableFuture.completedFuture(AdminResponse.text(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    path + " accepts " + endpoint.method() + " only\n"));
        }
        String description = request.method() + " " + request.uri();
        CompletableFuture<AdminResponse> response;
        try {
            AdminRequest parsed = new AdminRequest(request.method(), path, query.parameters(),
                    request.content().toString(StandardCharsets.UTF_8));
            response = endpoint.handler().handle(parsed).toCompletableFuture();
        } catch (Exception e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("admin {} failed", description, cause);
            return AdminResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + cause.getMessage());
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("admin connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
