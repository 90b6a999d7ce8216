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
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches one admin HTTP request to its endpoint. Shared by all admin connections. */
@io.netty.channel.ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

    private final AdminApi api;

    AdminHandler(AdminApi api) {
        this.api = api;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        AdminResponse response;
        if (!request.decoderResult().isSuccess()) {
            response = AdminResponse.text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
        } else {
            response = dispatch(request);
        }
        ByteBuf body = ctx.alloc().buffer().writeBytes(response.body().getBytes(StandardCharsets.UTF_8));
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(), body);
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        if (keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(out);
        } else {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private AdminResponse dispatch(FullHttpRequest request) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String path = query.path();
        if (path.equals("/")) {
            return AdminResponse.text(HttpResponseStatus.OK, api.help());
        }
        AdminEndpoint endpoint = api.endpoint(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        if (endpoint == null) {
            return AdminResponse.text(HttpResponseStatus.NOT_FOUND, "no admin API at " + path + "\n" + api.help());
        }
        if (!endpoint.method().equals(request.method())) {
            return AdminResponse.text(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    path + " accepts " + endpoint.method() + " only\n");
        }
        try {
            AdminRequest parsed = new AdminRequest(request.method(), path, query.parameters(),
                    request.content().toString(StandardCharsets.UTF_8));
            return endpoint.handler().handle(parsed);
        } catch (Exception e) {
            LOG.warn("admin {} {} failed", request.method(), request.uri(), e);
            return AdminResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getMessage());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("admin connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
